import { z } from 'zod';
import type { ParamSpec } from '../types';

/** Building blocks of parameters that operations of several resources use. */

export const booleanParam = (label: string, help: string): ParamSpec<boolean> => ({
	label,
	type: 'boolean',
	default: false,
	help,
	schema: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
});

/** A six-digit code or PIN, as registration and two-step verification take it. */
export const sixDigits = z
	.union([z.string(), z.number()], { invalid_type_error: 'must be 6 digits' })
	.transform((value) => String(value).trim())
	.refine((value) => /^\d{6}$/.test(value), { message: 'must be exactly 6 digits, e.g. 123456' });

/** A comma- or newline-separated list (or an array), trimmed and without empty entries. */
export const listOf = <T>(item: z.ZodType<T, z.ZodTypeDef, unknown>) =>
	z
		.union([z.string(), z.array(z.unknown())], { invalid_type_error: 'must be a comma-separated list' })
		.transform((value) => (Array.isArray(value) ? value.map(String) : value.split(/[\n,]/)).map((v) => v.trim()).filter(Boolean))
		.pipe(z.array(item));

/** A JSON field: n8n and Node-RED hand over text, msg.payload an object; empty is undefined. */
export const jsonOf = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>) =>
	z
		.unknown()
		.transform((value, ctx) => {
			if (typeof value !== 'string') return value;
			if (value.trim() === '') return undefined;
			try {
				return JSON.parse(value) as unknown;
			} catch (error) {
				ctx.addIssue({ code: 'custom', message: `is not valid JSON (${(error as Error).message})` });
				return z.NEVER;
			}
		})
		.pipe(schema);

/** An options field: one of the values, named in the message when it is not. */
export const oneOf = <T extends string>(values: readonly T[]) =>
	z.string({ invalid_type_error: `must be one of ${values.join(', ')}` }).refine((v): v is T => (values as readonly string[]).includes(v), {
		message: `must be one of ${values.join(', ')}`,
	}) as unknown as z.ZodType<T, z.ZodTypeDef, unknown>;

export const options = (values: readonly string[], labels: Record<string, string> = {}) =>
	values.map((value) => ({ value, label: labels[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ') }));
