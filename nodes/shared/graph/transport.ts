/**
 * The HTTP transport the Graph client is given by its host: Node's fetch with connections kept
 * open (fetchTransport.ts), which both hosts use by default, or in n8n, when its credential says so,
 * n8n's own HTTP helper (nodes/n8n/transport.ts), which honours n8n's outbound proxy. The core never
 * sees the access token: the transport adds it.
 */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'DELETE';
	url: string;
	headers: Record<string, string>;
	body?: string | Uint8Array;
	/** Abort the request after this many milliseconds. */
	timeoutMs: number;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	body: Uint8Array;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** A failure below HTTP: refused, reset, timed out. The request may or may not have arrived. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly kind: 'timeout' | 'connection' | 'other',
		/** True when the request certainly did not reach the server (connection refused, DNS). */
		readonly notSent: boolean,
	) {
		super(message);
		this.name = 'TransportError';
	}
}

/** Codes of a request that certainly never left: the connection was refused, or the host not found. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

interface Cause {
	name?: string;
	code?: unknown;
	message?: string;
	cause?: unknown;
	errors?: unknown;
}

/**
 * The one reading of a failure below HTTP, which both hosts' transports call: n8n's (an axios
 * error inside n8n's NodeApiError) and Node-RED's (fetch's TypeError with the errno in `cause`,
 * or a DOMException named TimeoutError). Only a request that certainly never left is `notSent`:
 * after a timeout or a reset the platform may have received it.
 */
export function toTransportError(error: unknown): TransportError {
	const chain = causesOf(error);
	const message = chain.map((cause) => cause.message).filter((text, i, all): text is string => !!text && all.indexOf(text) === i).join(': ') || String(error);
	if (chain.some((cause) => NOT_SENT.has(String(cause.code)))) return new TransportError(`Could not reach the Graph API: ${message}`, 'connection', true);
	if (chain.some(isTimeout)) return new TransportError(`The Graph API did not answer in time (${message})`, 'timeout', false);
	return new TransportError(`Could not reach the Graph API: ${message}`, 'other', false);
}

function isTimeout(cause: Cause): boolean {
	return cause.name === 'TimeoutError' || /TIMEOUT|TIMEDOUT|ECONNABORTED/i.test(String(cause.code ?? '')) || /\btime(d)? ?out\b/i.test(cause.message ?? '');
}

/** The error, its causes and an AggregateError's errors (a refused IPv4 and IPv6 attempt), a few levels deep. */
function causesOf(error: unknown, depth = 0): Cause[] {
	if (!error || typeof error !== 'object' || depth > 4) return [];
	const cause = error as Cause;
	const inner = Array.isArray(cause.errors) ? cause.errors : [];
	return [cause, ...causesOf(cause.cause, depth + 1), ...inner.flatMap((each: unknown) => causesOf(each, depth + 1))];
}
