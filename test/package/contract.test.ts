import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resources } from '../../nodes/shared/catalog';
import type { ParamSpec } from '../../nodes/shared/catalog/types';
import { properties } from '../../nodes/WhatsAppPlatform/description';
import contract from './contract.json';

const CATALOG = join(__dirname, '..', '..', 'nodes', 'shared', 'catalog');
const NODE_RED = join(__dirname, '..', '..', 'nodes', 'node-red');

const BREAKS =
	'Resource, operation and parameter names and parameter defaults are saved in every n8n workflow and Node-RED flow ' +
	'(n8n leaves out a value equal to its default and reads the default back on load): renaming or removing one, or changing ' +
	'a default, breaks the workflows and flows saved with it. See the README, "Change a parameter without breaking saved ' +
	'workflows and flows"; then record the change in test/package/contract.json.';

/** resource → operation → parameter → its default (null: none), as the catalog declares them now. */
const catalog = Object.fromEntries(
	resources.map((resource) => [
		resource.name,
		Object.fromEntries(
			resource.operations.map((op) => [
				op.operation,
				Object.fromEntries(Object.entries(op.params as Record<string, ParamSpec>).map(([name, spec]) => [name, spec.default ?? null])),
			]),
		),
	]),
);

const pinned = contract as Record<string, Record<string, Record<string, unknown>>>;

describe('the names saved in workflows and flows (test/package/contract.json)', () => {
	it('are the catalog\'s resources, operations, parameters and defaults', () => {
		expect(Object.keys(catalog).sort(), BREAKS).toEqual(Object.keys(pinned).sort());
		for (const [resource, operations] of Object.entries(pinned)) {
			expect(Object.keys(catalog[resource] ?? {}).sort(), `${resource}: ${BREAKS}`).toEqual(Object.keys(operations).sort());
			for (const [operation, params] of Object.entries(operations)) {
				expect(catalog[resource]?.[operation], `${resource}.${operation}: ${BREAKS}`).toEqual(params);
			}
		}
	});

	it('keep n8n\'s preselected resource and operations: a workflow that left them at their default saved neither', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		expect(resource.default, BREAKS).toBe(Object.keys(pinned)[0]);
		for (const [name, operations] of Object.entries(pinned)) {
			const operation = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(name));
			expect(operation?.default, `${name}: ${BREAKS}`).toBe(Object.keys(operations)[0]);
		}
	});

	it('keep the Node-RED nodes\' default resource and operation, which a new node starts with', () => {
		for (const [node, resource, operation] of [
			['whatsapp-platform-send', 'message', 'sendText'],
			['whatsapp-platform-manage', 'template', 'getMany'],
		]) {
			const html = readFileSync(join(NODE_RED, `${node}.html`), 'utf8');
			expect(html, `${node}: ${BREAKS}`).toContain(`resource: { value: '${resource}'`);
			expect(html, `${node}: ${BREAKS}`).toContain(`operation: { value: '${operation}'`);
			expect(pinned[resource]?.[operation], `${node}: ${BREAKS}`).toBeDefined();
		}
	});

	it('name the operation files: catalog/<resource>/<operation>.ts holds operations only, helpers live in support/', () => {
		for (const resource of resources) {
			const files = readdirSync(join(CATALOG, resource.name)).filter((file) => file.endsWith('.ts') && file !== 'index.ts');
			expect(files.map((file) => file.slice(0, -3)).sort(), resource.name).toEqual(resource.operations.map((op) => op.operation).sort());
		}
	});
});
