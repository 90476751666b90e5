import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions, IHookFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { fetchTransport } from '../shared/graph/fetchTransport';
import { toTransportError, type HttpResponse, type Transport } from '../shared/graph/transport';

export const CREDENTIAL_TYPE = 'whatsAppPlatformApi';

type N8nContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/**
 * The credential's choice of HTTP client, n8n's only (Node-RED always sends through Node's fetch).
 * n8n's helper honours n8n's outbound proxy but builds a new connection agent for every
 * request (@n8n/backend-network), so each message pays a TCP and TLS handshake and is answered
 * later; the pacer counts a send until its answer, so one execution reached about 98 % of 80 msg/s
 * through it against 99.4 % with connections kept open (README, What a host reaches).
 */
export const httpClientProperty: INodeProperties = {
	displayName: 'HTTP Client',
	name: 'httpClient',
	type: 'options',
	default: 'keptOpen',
	options: [
		{ name: 'Connections Kept Open (Fastest)', value: 'keptOpen', description: "Node.js's fetch, each connection reused for many messages. Goes straight to the Graph API, not through an outbound proxy." },
		{ name: "N8n's HTTP Client (Outbound Proxy)", value: 'n8n', description: "Honours n8n's proxy settings (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). Opens a connection per request: slower, most at 1,000 msg/s." },
	],
	description: 'How the Graph API is reached. Choose n8n\'s HTTP client when n8n reaches the internet only through an outbound proxy.',
};

/** The Graph transport the credential chooses (httpClientProperty). */
export function graphTransport(context: N8nContext, credential: ICredentialDataDecryptedObject): Transport {
	return credential.httpClient === 'n8n' ? n8nTransport(context, credential) : fetchTransport(String(credential.accessToken ?? ''));
}

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
export function n8nTransport(context: N8nContext, credential: ICredentialDataDecryptedObject): Transport {
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
