import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Meta's header with the HMAC-SHA256 of the raw body (Meta's Create a webhook endpoint page). */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type Handshake = { ok: true; challenge: string } | { ok: false };

/**
 * The verification handshake (Meta's Create a webhook endpoint page): `hub.mode=subscribe` and the
 * configured verify token. An empty configured token refuses every handshake rather than accepting
 * an empty one.
 */
export function checkHandshake(query: Record<string, unknown>, verifyToken: string): Handshake {
	const mode = first(query['hub.mode']);
	const token = first(query['hub.verify_token']);
	const challenge = first(query['hub.challenge']);
	if (!verifyToken || mode !== 'subscribe' || token === undefined || challenge === undefined) return { ok: false };
	// Hashing both sides first gives equal lengths, so the compare leaks neither value nor length.
	const ok = timingSafeEqual(sha256(token), sha256(verifyToken));
	return ok ? { ok: true, challenge } : { ok: false };
}

/** `sha256=<lowercase hex>` over exactly these bytes, as Meta signs a delivery. */
export function signatureOf(raw: Uint8Array, appSecret: string): string {
	return 'sha256=' + createHmac('sha256', appSecret).update(raw).digest('hex');
}

/**
 * Checks `X-Hub-Signature-256` against the raw bytes received, in constant time. Never pass a
 * re-serialised body: key order, whitespace and Meta's `\uXXXX` escapes would all differ.
 */
export function verifySignature(raw: Uint8Array, header: string | string[] | undefined, appSecret: string): boolean {
	const received = first(header);
	if (!appSecret || typeof received !== 'string') return false;
	const expected = utf8.encode(signatureOf(raw, appSecret));
	const given = utf8.encode(received.trim().toLowerCase());
	// timingSafeEqual throws on different lengths; the expected length is public anyway.
	return given.length === expected.length && timingSafeEqual(given, expected);
}

const utf8 = new TextEncoder();

function sha256(value: string): Uint8Array {
	return createHash('sha256').update(value, 'utf8').digest();
}

function first(value: unknown): string | undefined {
	const one = Array.isArray(value) ? value[0] : value;
	return typeof one === 'string' ? one : undefined;
}
