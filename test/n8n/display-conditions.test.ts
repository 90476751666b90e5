import { describe, expect, it } from 'vitest';
import { operations } from '../../nodes/shared/catalog';
import type { ParamSpec } from '../../nodes/shared/catalog/types';

/**
 * n8n drops a hidden parameter's value and reads it as missing, not as its default: a field shown
 * when another has its default value must see that other field whenever it is itself shown, or n8n
 * hides it (and loses its value) where the catalog and Node-RED show it.
 */
describe('display conditions that n8n reads as the catalog does', () => {
	it('a field shown for another\'s default is shown only where that other field is shown too', () => {
		const problems: string[] = [];
		for (const op of operations) {
			const params = op.params as Record<string, ParamSpec>;
			for (const [name, spec] of Object.entries(params)) {
				for (const [other, allowed] of Object.entries(spec.showWhen ?? {})) {
					const parent = params[other];
					if (!parent || parent.default === undefined || !allowed.includes(parent.default as string | boolean)) continue;
					// Every condition of the other field holds whenever this one's hold.
					const covered = Object.entries(parent.showWhen ?? {}).every(([key, values]) => spec.showWhen?.[key]?.every((value) => values.includes(value)));
					if (!covered) problems.push(`${op.resource}.${op.operation}: ${name} depends on ${other}, which may be hidden while ${name} is shown`);
				}
			}
		}
		expect(problems).toEqual([]);
	});
});
