/** Tolerant readers of webhook JSON: Meta's samples disagree on types (strings vs numbers), so nothing here throws. */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);
export const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
export const object = (value: unknown): Json => (isObject(value) ? value : {});

/** A number, or a string of digits (durations and counts come either way). */
export function num(value: unknown): number | undefined {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

/** UNIX seconds, as a string or a number (Meta's samples use both), to ISO 8601. */
export function isoTime(value: unknown): string | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
	return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

/** Removes the keys whose value is undefined, so events carry only what the payload had. */
export function prune<T extends object>(value: T): T {
	for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
	return value;
}
