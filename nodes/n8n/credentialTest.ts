import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { normaliseSettings, type RawSettings } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { fetchTransport } from '../shared/graph/fetchTransport';
import { toTransportError, type HttpResponse, type Transport } from '../shared/graph/transport';
import { checkRedis } from '../shared/scale/check';

/**
 * The credential test: can this token read the default phone number (the check the Node-RED
 * config node makes on deploy), and does the Redis URL, if any, answer? A function, not a
 * declarative request, so that it can reach Redis. n8n removes the credential's secrets from the message.
 */
export async function whatsAppPlatformApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const account = normaliseSettings((credential.data ?? {}) as RawSettings);
	if (account.redisUrl) {
		const problem = await checkRedis(account.redisUrl);
		if (problem) return { status: 'Error', message: problem };
	}
	const transport = credential.data?.httpClient === 'n8n' ? legacyRequestTransport(this, account.accessToken) : fetchTransport(account.accessToken);
	const client = new GraphClient({ transport, baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	try {
		await client.request({ method: 'GET', path: account.phoneNumberId });
		return { status: 'OK', message: 'Connection tested successfully' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}

/**
 * The one HTTP helper n8n gives a credential test, its legacy `request`: like the nodes' helper it
 * honours n8n's outbound proxy, so the test reaches the Graph API the way the credential's *n8n's
 * HTTP Client* sends. The answer as it is (no redirect followed, no status thrown), as bytes.
 */
function legacyRequestTransport(context: ICredentialTestFunctions, accessToken: string): Transport {
	return async (request): Promise<HttpResponse> => {
		let response: { statusCode: number; headers: Record<string, unknown>; body: Buffer | string };
		try {
			response = await context.helpers.request({
				method: request.method,
				uri: request.url,
				headers: { ...request.headers, authorization: `Bearer ${accessToken}` },
				body: request.body === undefined ? undefined : Buffer.from(request.body),
				encoding: null,
				resolveWithFullResponse: true,
				simple: false,
				followRedirect: false,
				timeout: request.timeoutMs,
			});
		} catch (error) {
			throw toTransportError(error);
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
		return { status: response.statusCode, headers, body: new Uint8Array(Buffer.from(response.body)) };
	};
}
