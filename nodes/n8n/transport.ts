import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions, IExecuteFunctions, IHookFunctions, IHttpRequestOptions, ILoadOptionsFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
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

/** An answer of n8n's HTTP helpers asked for the full response as bytes. */
export interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: ArrayBuffer | Buffer | string;
}

/** n8n's full response as the core's HttpResponse: header names in lower case, the body as bytes. */
export function fromFullResponse({ statusCode, headers, body }: FullResponse): HttpResponse {
	const lowerCased: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) lowerCased[name.toLowerCase()] = String(value);
	return { status: statusCode, headers: lowerCased, body: new Uint8Array(typeof body === 'string' ? Buffer.from(body) : body) };
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
		try {
			return fromFullResponse(await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, options, opened));
		} catch (error) {
			throw toTransportError(error);
		}
	};
}

/**
 * The one HTTP helper n8n gives a credential test, its legacy `request`: like the nodes' helper it
 * honours n8n's outbound proxy, so the test reaches the Graph API the way the credential's *n8n's
 * HTTP Client* sends. The answer as it is (no redirect followed, no status thrown).
 */
export function legacyRequestTransport(context: ICredentialTestFunctions, accessToken: string): Transport {
	return async (request): Promise<HttpResponse> => {
		try {
			return fromFullResponse(
				await context.helpers.request({
					method: request.method,
					uri: request.url,
					headers: { ...request.headers, authorization: `Bearer ${accessToken}` },
					body: request.body === undefined ? undefined : Buffer.from(request.body),
					encoding: null,
					resolveWithFullResponse: true,
					simple: false,
					followRedirect: false,
					timeout: request.timeoutMs,
				}),
			);
		} catch (error) {
			throw toTransportError(error);
		}
	};
}
