/** Returns only the requested fields (and always `id`), as Graph does with `?fields=`. */
export function selectFields<T extends object>(object: T, fields: string | undefined, always: string[] = ['id']) {
	if (!fields) return object;
	const wanted = fields.split(',').map((f) => f.trim());
	return Object.fromEntries(Object.entries(object).filter(([key]) => always.includes(key) || wanted.includes(key)));
}
