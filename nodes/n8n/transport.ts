import type { IExecuteFunctions, IHookFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';
import { toTransportError, type HttpResponse, type Transport } from '../shared/graph/transport';

export const CREDENTIAL_TYPE = 'whatsAppPlatformApi';

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ArrayBuffer | Buffer | string;
}

/** Graph requests through n8n's own HTTP helper, which adds the credential's Bearer token. */
export function n8nTransport(context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions): Transport {
	return async (request): Promise<HttpResponse> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body === undefined ? undefined : Buffer.from(request.body),
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: request.timeoutMs,
		};
		let response: FullResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
			)) as FullResponse;
		} catch (error) {
			throw toTransportError(error);
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
		const body = typeof response.body === 'string' ? Buffer.from(response.body) : Buffer.from(response.body as ArrayBuffer);
		return { status: response.statusCode, headers, body: new Uint8Array(body) };
	};
}
