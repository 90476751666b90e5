/** Meta's `validation_errors` of a Flow (Meta's Flows API page), each with where it is. */
interface ValidationEntry {
	error?: string;
	error_type?: string;
	message?: string;
	line_start?: number;
	column_start?: number;
	pointers?: Array<{ line_start?: number; column_start?: number; path?: string }>;
}

/** One line a user reads: `line 12, column 5, screens[0].layout.children[1].type: <Meta's message>`. */
function readable(entry: ValidationEntry): string {
	const pointer = entry.pointers?.[0];
	const line = entry.line_start ?? pointer?.line_start;
	const column = entry.column_start ?? pointer?.column_start;
	const where = [line !== undefined ? `line ${line}` : '', column !== undefined ? `column ${column}` : '', pointer?.path ?? ''].filter(Boolean).join(', ');
	return `${where ? `${where}: ` : ''}${entry.message ?? entry.error ?? 'invalid'}${entry.error && entry.message ? ` (${entry.error})` : ''}`;
}

/**
 * Meta's answer with `valid` and the errors as lines (`validationErrors`) beside Meta's own
 * `validation_errors`: a Flow with errors stays a draft and cannot be published.
 */
export function withValidation(data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const answer = (data ?? {}) as Record<string, unknown> & { validation_errors?: ValidationEntry[] };
	const errors = Array.isArray(answer.validation_errors) ? answer.validation_errors : [];
	return { ...extra, ...answer, valid: errors.length === 0, validationErrors: errors.map(readable) };
}
