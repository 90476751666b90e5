import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations, resources } from '../../nodes/shared/catalog';

/** The README's operations table: its rows by resource label ("| Template | Get Many, Get, … |"). */
const tableRows = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8')
	.split('\n')
	.filter((line) => line.startsWith('| '));

describe('README: the operations table', () => {
	it('lists every resource, and each operation by the words of its label', () => {
		const problems: string[] = [];
		for (const resource of resources) {
			const row = tableRows.filter((line) => line.startsWith(`| ${resource.label} |`)).join(' ');
			if (!row) problems.push(`${resource.label}: no row`);
			for (const op of operations.filter((o) => o.resource === resource.name)) {
				// Rows group labels ("Get / Add / Remove Assigned Users"), so each word is looked for, not the label.
				const missing = op.label.replace(/[()]/g, '').split(/\s+/).filter((word) => !row.includes(word));
				if (missing.length) problems.push(`${resource.label} > ${op.label}: ${missing.join(', ')} missing`);
			}
		}
		expect(problems).toEqual([]);
	});
});
