import type { IncomingMessage } from 'node:http';

/** What the emulator's routes take and answer: the request as parsed, and the sign to pass it on. */
export interface Route {
	method: string;
	pattern: RegExp;
	handle: (match: RegExpMatchArray, request: ParsedRequest) => unknown;
}

export interface ParsedRequest {
	method: string;
	path: string;
	/** The path with its version prefix, as sent (for `paging.next` URLs). */
	fullPath?: string;
	query: Record<string, string>;
	headers: IncomingMessage['headers'];
	body: unknown;
	raw: Buffer;
}

/**
 * What a route answers when the object is not its kind, so the next matching route answers:
 * several kinds of object share `GET /{id}` (phone numbers, media, templates).
 */
export const NEXT_ROUTE = Symbol('next route');
