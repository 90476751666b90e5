import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions, IHookFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';
import { toTransportError, type HttpResponse, type Transport } from '../shared/graph/transport';

export const CREDENTIAL_TYPE = 'whatsAppPlatformApi';

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ArrayBuffer | Buffer | string;
}

/**
 * Graph requests through n8n's own HTTP helper, which adds the credential's Bearer token. It is
 * given the credential the account was opened with: without it n8n reads and decrypts the
 * credential from its database on every request, and a busy database (pg-pool's "timeout exceeded
 * when trying to connect", seen in queue mode at 1,000 msg/s) would fail a send that never left,
 * as if it might have been delivered.
 */
export function n8nTransport(context: IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions, credential: ICredentialDataDecryptedObject): Transport {
	let opened: { credentialsDecrypted: ICredentialsDecrypted } | undefined;
	return async (request): Promise<HttpResponse> => {
		if (!opened) {
			const { id, name } = context.getNode().credentials?.[CREDENTIAL_TYPE] ?? {};
			opened = { credentialsDecrypted: { id: id ?? '', name: name ?? '', type: CREDENTIAL_TYPE, data: credential } };
		}
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
			response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options, opened)) as FullResponse;
		} catch (error) {
			throw toTransportError(error);
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
		const body = typeof response.body === 'string' ? Buffer.from(response.body) : Buffer.from(response.body as ArrayBuffer);
		return { status: response.statusCode, headers, body: new Uint8Array(body) };
	};
}
