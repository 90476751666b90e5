import { invalidParameter } from '../graphError';
import type { ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';

/**
 * Graph's cursor paging (https://developers.facebook.com/docs/graph-api/results): `limit` (25 by
 * default), opaque `after` and `before` cursors, and `paging.next` / `paging.previous` as full URLs
 * only when there is more.
 */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const encode = (index: number) => Buffer.from(`cursor:${index}`).toString('base64url');
function decode(cursor: string): number {
	const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	if (!match) throw invalidParameter(`Invalid cursor: ${cursor}`);
	return Number(match[1]);
}

/** `maxLimit`: the largest page the edge serves (1,000 here; 1,024 for active groups, refused above). */
export function page<T>(emulator: GraphEmulator, request: ParsedRequest, items: T[], maxLimit = MAX_LIMIT) {
	const { limit: rawLimit, after, before } = request.query;
	const limit = rawLimit === undefined ? DEFAULT_LIMIT : Number(rawLimit);
	if (!Number.isInteger(limit) || limit < 1) throw invalidParameter(`Param limit must be a positive integer, got "${rawLimit}".`);
	const size = Math.min(limit, maxLimit);
	let from = 0;
	if (after !== undefined) from = decode(after) + 1;
	else if (before !== undefined) from = Math.max(0, decode(before) - size);
	const to = before !== undefined && after === undefined ? Math.min(decode(before), from + size) : from + size;
	const data = items.slice(from, to);
	const url = (cursor: Record<string, string>) => {
		const query = { ...request.query, limit: String(size), ...cursor };
		delete (query as Record<string, string | undefined>)[cursor.after ? 'before' : 'after'];
		return `${emulator.url}${request.fullPath ?? request.path}?${new URLSearchParams(query)}`;
	};
	const paging = data.length
		? {
				cursors: { before: encode(from), after: encode(from + data.length - 1) },
				...(from + data.length < items.length ? { next: url({ after: encode(from + data.length - 1) }) } : {}),
				...(from > 0 ? { previous: url({ before: encode(from) }) } : {}),
			}
		: { cursors: {} };
	return { data, paging };
}
