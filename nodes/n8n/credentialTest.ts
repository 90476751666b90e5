import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { normaliseSettings, type RawSettings } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { fetchTransport } from '../shared/graph/fetchTransport';
import { checkRedis } from '../shared/scale/check';
import { legacyRequestTransport } from './transport';

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
