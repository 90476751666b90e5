import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations } from '../../nodes/shared/catalog';
import { operationsMarkdown } from '../../scripts/operationsDoc';

describe('docs/operations.md', () => {
	it('is the catalog as it is now (run `npm run docs` after changing an operation)', () => {
		expect(readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8')).toBe(operationsMarkdown());
	});

	it('documents every operation and every parameter', () => {
		const doc = operationsMarkdown();
		for (const op of operations) {
			expect(doc).toContain(`(\`${op.resource}.${op.operation}\`)`);
			for (const name of Object.keys(op.params)) expect(doc).toContain(`\`${name}\``);
		}
	});
});
