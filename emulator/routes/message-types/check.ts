import { GraphError } from '../../graphError';

/**
 * The small kit every message-type checker is written with. Codes as Meta answers a bad send:
 * 131008 when a required parameter is missing, 100 when a value has the wrong shape or is over a
 * limit (details name the parameter and the limit), 131009 when a well-formed value cannot be used.
 */
export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const missing = (path: string) =>
	new GraphError(131008, 'Required parameter is missing', `The parameter ${path} is required.`);

export const invalid = (path: string, problem: string) =>
	new GraphError(100, 'Invalid parameter', `Param ${path} ${problem}`);

export const unusable = (path: string, problem: string) =>
	new GraphError(131009, 'Parameter value is not valid', `Param ${path} ${problem}`);

export const child = (path: string, key: string | number) =>
	typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const absent = (value: unknown) => value === undefined || value === null;

interface StringRule {
	required?: boolean;
	max?: number;
	oneOf?: readonly string[];
	/** A pattern the value must match, with the problem to name when it does not. */
	format?: [RegExp, string];
}

/** A string field; '' counts as missing when it is required, as Meta does. */
export function str(parent: Json, key: string, path: string, rule: StringRule = {}): string | undefined {
	const value = parent[key];
	const at = child(path, key);
	if (absent(value)) {
		if (rule.required) throw missing(at);
		return undefined;
	}
	if (typeof value !== 'string') throw invalid(at, 'must be a string.');
	if (rule.required && value.trim() === '') throw missing(at);
	if (rule.max !== undefined && value.length > rule.max) {
		throw invalid(at, `must be at most ${rule.max} characters long (got ${value.length}).`);
	}
	if (rule.oneOf && !rule.oneOf.includes(value))
		throw invalid(at, `must be one of {${rule.oneOf.join(', ')}}.`);
	if (rule.format && !rule.format[0].test(value)) throw unusable(at, rule.format[1]);
	return value;
}

/** A number field (numeric strings accepted, as Meta's own examples quote coordinates). */
export function num(
	parent: Json,
	key: string,
	path: string,
	rule: { required?: boolean; min?: number; max?: number; integer?: boolean } = {},
) {
	const value = parent[key];
	const at = child(path, key);
	if (absent(value) || value === '') {
		if (rule.required) throw missing(at);
		return undefined;
	}
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(n) || (rule.integer && !Number.isInteger(n))) {
		throw invalid(at, `must be ${rule.integer ? 'an integer' : 'a number'}.`);
	}
	if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
		throw unusable(at, `must be between ${rule.min} and ${rule.max} (got ${n}).`);
	}
	return n;
}

export function bool(parent: Json, key: string, path: string) {
	const value = parent[key];
	if (absent(value)) return undefined;
	if (typeof value !== 'boolean') throw invalid(child(path, key), 'must be a boolean.');
	return value;
}

/** An object field. */
export function obj(parent: Json, key: string, path: string, required = true): Json | undefined {
	const value = parent[key];
	const at = child(path, key);
	if (absent(value)) {
		if (required) throw missing(at);
		return undefined;
	}
	if (!isObject(value)) throw invalid(at, 'must be an object.');
	return value;
}

/** An array field of `min` to `max` entries. */
export function arr(
	parent: Json,
	key: string,
	path: string,
	rule: { required?: boolean; min?: number; max?: number } = {},
) {
	const value = parent[key];
	const at = child(path, key);
	if (absent(value)) {
		if (rule.required) throw missing(at);
		return undefined;
	}
	if (!Array.isArray(value)) throw invalid(at, 'must be an array.');
	if (rule.min !== undefined && value.length < rule.min) {
		if (value.length === 0) throw missing(at);
		throw invalid(at, `must have at least ${rule.min} elements (got ${value.length}).`);
	}
	if (rule.max !== undefined && value.length > rule.max) {
		throw invalid(at, `must have at most ${rule.max} elements (got ${value.length}).`);
	}
	return value as unknown[];
}

/** Each entry of an array must be an object; returns them with their paths. */
export function objects(list: unknown[], path: string): Array<[Json, string]> {
	return list.map((entry, i) => {
		if (!isObject(entry)) throw invalid(child(path, i), 'must be an object.');
		return [entry, child(path, i)];
	});
}

/** Exactly one of `keys` must be given. */
export function exactlyOne(parent: Json, keys: readonly string[], path: string): string {
	const given = keys.filter((key) => !absent(parent[key]));
	if (given.length === 0) throw missing(`${path}.${keys.join(' or ')}`);
	if (given.length > 1) throw unusable(path, `must have only one of {${keys.join(', ')}}, not both.`);
	return given[0];
}

/** Refuses keys that the type does not take (e.g. a caption on audio). */
export function forbid(parent: Json, keys: readonly string[], path: string, why: string) {
	for (const key of keys) if (!absent(parent[key])) throw invalid(child(path, key), why);
}

export function unique(values: Array<string | undefined>, path: string, what: string) {
	const seen = new Set<string>();
	for (const value of values) {
		if (value === undefined) continue;
		if (seen.has(value)) throw unusable(path, `must have unique ${what} ("${value}" appears twice).`);
		seen.add(value);
	}
}

export const httpUrl: [RegExp, string] = [
	/^https?:\/\/[^\s/$.?#].[^\s]*$/i,
	'must be an http:// or https:// URL.',
];
export const numericId: [RegExp, string] = [/^\d{1,32}$/, 'must be a media ID (digits).'];
