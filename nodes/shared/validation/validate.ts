import type { z } from 'zod';
import { ValidationError } from '../graph/errors';

/** Parses a value with a schema; the error names the field (by its label) and the problem. */
export function validateField<T>(label: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): T {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const where = issue.path.length ? ` (${issue.path.join('.')})` : '';
	const problem = issue.code === 'invalid_type' && (value === undefined || value === null || value === '') ? 'is required' : issue.message;
	throw new ValidationError(`${label}${where}`, problem);
}
