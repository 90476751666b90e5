import { invalidParameter } from '../graphError';
import type { ParsedRequest } from '../routing';
import { FLOW_CATEGORIES } from './store';

/**
 * A Flows API call's parameters: Graph reads them from the query, a JSON body or a form
 * (Meta's examples use JSON and form-urlencoded, Postman form-data); later sources win.
 */
export function flowInput(req: ParsedRequest): Record<string, unknown> {
	const type = String(req.headers['content-type'] ?? '');
	const form = type.startsWith('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(req.raw.toString('utf8'))) : {};
	const json = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
	return { ...req.query, ...form, ...json };
}

/** `categories`: a JSON array, or its text (form fields), of at least one known category. */
export function readCategories(value: unknown): string[] {
	let list = value;
	if (typeof value === 'string') {
		try {
			list = JSON.parse(value);
		} catch {
			list = value.split(',').map((v) => v.trim());
		}
	}
	if (!Array.isArray(list) || list.length === 0) throw invalidParameter(`Param categories must be a non-empty array of {${FLOW_CATEGORIES.join(', ')}}.`);
	for (const category of list) {
		if (!FLOW_CATEGORIES.includes(category as string)) throw invalidParameter(`Param categories[] must be one of {${FLOW_CATEGORIES.join(', ')}}, got ${JSON.stringify(category)}.`);
	}
	return list as string[];
}
