import { request } from 'undici';
import { TransportError, type HttpResponse, type Transport } from '../shared/graph/transport';

/** Graph requests through undici, with the account's token as Bearer. */
export function undiciTransport(accessToken: string): Transport {
	return async (req): Promise<HttpResponse> => {
		try {
			const response = await request(req.url, {
				method: req.method,
				headers: { ...req.headers, authorization: `Bearer ${accessToken}` },
				body: req.body,
				headersTimeout: req.timeoutMs,
				bodyTimeout: req.timeoutMs,
			});
			const body = new Uint8Array(await response.body.arrayBuffer());
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(response.headers)) {
				if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
			}
			return { status: response.statusCode, headers, body };
		} catch (error) {
			throw toTransportError(error);
		}
	};
}

function toTransportError(error: unknown): TransportError {
	const code = String((error as { code?: string }).code ?? '');
	const message = (error as Error).message ?? String(error);
	if (code.includes('TIMEOUT')) return new TransportError(`The Graph API did not answer in time (${code})`, 'timeout', false);
	const notSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
	return new TransportError(`Could not reach the Graph API: ${message}`, notSent ? 'connection' : 'other', notSent);
}
