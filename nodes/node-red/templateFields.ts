/**
 * Send Template's placeholder rows joined with its Template Parameters object: the object (literal
 * or read from the message, an object or its JSON) gives the keys the rows leave empty, and a row
 * wins over the object's value for its key. An object that is neither stays as it is, so validation
 * names it.
 */
export function withTemplateFields(object: unknown, fields: Record<string, unknown>): unknown {
	const filled = Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== '');
	if (!filled.length) return object;
	const base = asObject(object);
	return base ? { ...base, ...Object.fromEntries(filled) } : object;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
