import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

/**
 * The commonest expression in a campaign, `{{ $json.phone }}` (a field of the item, by dots or
 * quoted brackets), read straight from the item. n8n evaluates every expression in its expression
 * sandbox, with a fresh data proxy and the time zone's `$now` each time: about 0.5 ms per read and
 * half of a queue worker's CPU while a campaign starts (README, Scaling out), holding the event loop
 * while the sends wait. A field path means the field's value, so the result is n8n's own
 * (test/n8n/itemField.test.ts compares the two). Only a string, finite number or boolean found this
 * way is taken: anything else (a missing field, null, an object, any other expression) is left to
 * n8n, as are names that reach the prototype.
 */
const FIELD_PATH = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\["[^"\\]*"\]|\['[^'\\]*'\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\["([^"\\]*)"\]|\['([^'\\]*)'\]/g;
const UNSAFE_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Each parameter value's field path (or null: not one), parsed once per text. */
const paths = new Map<string, string[] | null>();

export function fieldPath(expression: string): string[] | null {
	let path = paths.get(expression);
	if (path !== undefined) return path;
	const match = FIELD_PATH.exec(expression);
	path = match ? Array.from(match[1].matchAll(SEGMENT), (m) => m[1] ?? m[2] ?? m[3]) : null;
	if (path?.some((name) => UNSAFE_NAMES.has(name))) path = null;
	if (paths.size < 1000) paths.set(expression, path);
	return path;
}

/** The node's parameters as set, read once per execution: n8n copies the whole node on each getNode(). */
const nodeParameters = new WeakMap<IExecuteFunctions, INodeParameters>();

/**
 * The item's field the parameter names with `{{ $json.… }}`, as `{ value }`; undefined when the
 * parameter is not such an expression or the field holds no plain value (n8n then evaluates it).
 */
export function readItemField(context: IExecuteFunctions, name: string, itemIndex: number): { value: string | number | boolean } | undefined {
	let parameters = nodeParameters.get(context);
	if (!parameters) nodeParameters.set(context, (parameters = context.getNode().parameters));
	const text = parameters[name];
	if (typeof text !== 'string' || !text.startsWith('={{')) return undefined;
	const path = fieldPath(text);
	if (!path) return undefined;
	let value: unknown = context.getInputData()[itemIndex]?.json;
	for (const key of path) {
		if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { value };
	return undefined;
}
