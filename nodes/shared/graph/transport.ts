/**
 * The HTTP transport the Graph client is given by its host. n8n passes one built on
 * `httpRequestWithAuthentication` (which adds the Bearer token), Node-RED one built on undici.
 * The core never sees the access token: the transport adds it.
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
