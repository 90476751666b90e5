import { TransportError, type HttpResponse, type Transport } from '../shared/graph/transport';

/** Graph requests through Node's own fetch (undici inside Node), with the account's token as Bearer. */
export function undiciTransport(accessToken: string): Transport {
	return async (req): Promise<HttpResponse> => {
		try {
			const response = await fetch(req.url, {
				method: req.method,
				headers: { ...req.headers, authorization: `Bearer ${accessToken}` },
				body: req.body as string | Uint8Array<ArrayBuffer> | undefined,
				signal: AbortSignal.timeout(req.timeoutMs),
			});
			const body = new Uint8Array(await response.arrayBuffer());
			const headers: Record<string, string> = {};
			response.headers.forEach((value, name) => (headers[name] = value));
			return { status: response.status, headers, body };
		} catch (error) {
			throw toTransportError(error);
		}
	};
}

function toTransportError(error: unknown): TransportError {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const code = String(cause?.code ?? (error as { code?: string }).code ?? '');
	const message = cause?.message ?? (error as Error).message ?? String(error);
	if ((error as Error).name === 'TimeoutError') return new TransportError('The Graph API did not answer in time', 'timeout', false);
	const notSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
	return new TransportError(`Could not reach the Graph API: ${message}`, notSent ? 'connection' : 'other', notSent);
}
