import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeCatalog } from '../../nodes/shared/catalog/describe';
import { operationsHelp } from '../../scripts/nodeRedHelp';

const NODE_RED = join(__dirname, '..', '..', 'nodes', 'node-red');

describe('the Node-RED help sidebar\'s Operations section (filled in by the build)', () => {
	it.each([
		['whatsapp-platform-send', 'node-red-send'],
		['whatsapp-platform-manage', 'node-red-manage'],
	] as const)('%s lists every operation its node offers, each field by its msg.payload name', (file, node) => {
		expect(readFileSync(join(NODE_RED, `${file}.html`), 'utf8')).toContain(`<!-- catalog: ${node} -->`);
		const html = operationsHelp(node);
		const { resources, operations } = describeCatalog();
		const offered = resources.filter((r) => r.offeredBy.includes(node));
		for (const resource of offered) {
			for (const op of operations.filter((o) => o.resource === resource.name)) {
				const summary = `<summary>${resource.label}: ${op.label}</summary>`;
				expect(html, op.operation).toContain(summary);
				const section = html.slice(html.indexOf(summary));
				const fields = section.slice(0, section.indexOf('</details>'));
				for (const param of op.params) expect(fields, `${op.operation}.${param.name}`).toContain(`>${param.name} <span class="property-type">`);
			}
		}
		expect((html.match(/<details>/g) ?? []).length).toBe(operations.filter((o) => offered.some((r) => r.name === o.resource)).length);
	});

	it('escapes the catalog\'s texts', () => {
		expect(operationsHelp('node-red-send')).not.toMatch(/<(?!\/?(h3|p|code|details|summary|b|i|dl|dt|dd|span)[ >])/);
	});
});
