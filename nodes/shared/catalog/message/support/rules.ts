import { z } from 'zod';
import { fmt } from '../../../validation/rules';

/** Message-level rules shared by several operations; messages name the problem and the limit. */

/** An http(s) URL, as Meta fetches media and opens CTA links. */
export const httpUrl = z
	.string({ invalid_type_error: 'must be a URL' })
	.trim()
	.refine((value) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value), { message: 'must be an http:// or https:// URL' });

/** A list of `min` to `max` entries, the message names the count and the limit. */
export function list<T>(item: z.ZodType<T, z.ZodTypeDef, unknown>, min: number, max: number, what: string) {
	return z.array(item, { invalid_type_error: `must be a list of ${what}` }).superRefine((value, ctx) => {
		if (value.length < min) ctx.addIssue({ code: 'custom', message: `must have at least ${fmt(min)} ${what}, got ${fmt(value.length)}` });
		if (value.length > max) ctx.addIssue({ code: 'custom', message: `must have at most ${fmt(max)} ${what}, got ${fmt(value.length)}` });
	});
}

/** Refuses duplicates of a key within a list, naming the value. */
export function unique<T>(key: (item: T) => string, what: string) {
	return (items: T[], ctx: z.RefinementCtx) => {
		const seen = new Set<string>();
		items.forEach((item, index) => {
			const value = key(item);
			if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} "${value}" appears twice; each must be unique` });
			seen.add(value);
		});
	};
}

/** A number within a range (latitude, longitude), accepting numeric text from forms. */
export function numberIn(min: number, max: number) {
	return z.coerce.number({ invalid_type_error: 'must be a number' }).refine((value) => value >= min && value <= max, {
		message: `must be between ${min} and ${max}`,
	});
}
