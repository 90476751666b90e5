import type { GraphEmulator } from '../server';

/** Returns only the requested fields (and always `id`), as Graph does with `?fields=`. */
export function selectFields<T extends { id: string }>(object: T, fields: string | undefined) {
	if (!fields) return object;
	const wanted = fields.split(',').map((f) => f.trim());
	return Object.fromEntries(Object.entries(object).filter(([key]) => key === 'id' || wanted.includes(key)));
}

export function registerPhoneNumbers(emulator: GraphEmulator) {
	emulator.route('GET', /^\/(\d+)$/, ([, id], req) => selectFields(emulator.phoneNumber(id), req.query.fields));
}
