import { toTransportError, type HttpResponse, type Transport } from './transport';

/**
 * Graph requests through Node's own fetch, with the account's token as Bearer. Its connections stay
 * open between requests: a message costs no new TCP and TLS handshake, so its answer comes sooner,
 * and the pacer, which counts each send until its answer, lets the next one go sooner. Redirects
 * are answered as they are, not followed, so the token never goes to another host.
 */
export function fetchTransport(accessToken: string): Transport {
	return async (req): Promise<HttpResponse> => {
		try {
			const response = await fetch(req.url, {
				method: req.method,
				headers: { ...req.headers, authorization: `Bearer ${accessToken}` },
				// The bytes as they are (an ArrayBuffer-backed Uint8Array, as the Graph client builds it).
				body: req.body as RequestInit['body'],
				redirect: 'manual',
				// Covers the answer's body too: a stalled download times out like a stalled answer.
				signal: AbortSignal.timeout(req.timeoutMs),
			});
			const body = new Uint8Array(await response.arrayBuffer());
			// fetch gives header names in lower case, repeated headers joined by ", ".
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => (headers[name] = value));
			return { status: response.status, headers, body };
		} catch (error) {
			throw toTransportError(error);
		}
	};
}
