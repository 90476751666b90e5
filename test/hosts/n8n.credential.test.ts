import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost } from './n8nHost';
import { freePort } from './nodeRedHost';

const OWNER = { email: 'ops@flowpace.dev', firstName: 'Ops', lastName: 'Team', password: 'Flowpace-Credential-Test-1' };
const WRONG_TOKEN = 'EAAwrong-token-9876543210';
/** n8n ties its session cookie to the browser that signed in. */
const BROWSER = { 'browser-id': 'flowpace-credential-test' };

/** n8n's own "Test" of the credential (the editor's button): its REST route, as the editor calls it. */
describe('the credential test in a real n8n 2.x (n8n start)', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;
	let cookie = '';

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.start(await freePort(), { N8N_PERSONALIZATION_ENABLED: 'false' });
		// /healthz answers before the REST routes are ready (meanwhile an HTML page says n8n is starting).
		const setup = () => fetch(`${n8n.url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json', ...BROWSER }, body: JSON.stringify(OWNER) });
		let answer = await setup();
		for (let i = 0; i < 240 && ([404, 503].includes(answer.status) || !answer.headers.get('content-type')?.includes('json')); i++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			answer = await setup();
		}
		expect(answer.status, await answer.text()).toBe(200);
		cookie = answer.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
	}, 240_000);

	afterAll(async () => {
		await n8n?.stop();
		await emulator?.stop();
	});

	async function testCredential(accessToken: string, httpClient: 'keptOpen' | 'n8n') {
		emulator.reset();
		const data = { accessToken, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, httpClient };
		const answer = await fetch(`${n8n.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie, ...BROWSER },
			body: JSON.stringify({ credentials: { id: '', name: 'WhatsApp', type: 'whatsAppPlatformApi', data } }),
		});
		const text = await answer.text();
		expect(answer.status, text).toBe(200);
		return { result: (JSON.parse(text) as { data: { status: string; message: string } }).data, text };
	}

	// Each reads the default phone number once, with the token, through the client the credential names,
	// which its User-Agent shows: Node's fetch, or n8n's helper (its proxy settings apply).
	it.each(['keptOpen', 'n8n'] as const)('passes with the right token, the HTTP client %s', async (httpClient) => {
		const { result } = await testCredential(TOKEN, httpClient);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(emulator.state.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v24.0/${PHONE_NUMBER_ID}`]);
		const agent = String(emulator.state.requests[0].headers['user-agent']);
		expect(agent).toBe(httpClient === 'keptOpen' ? 'node' : 'n8n');
	});

	it.each(['keptOpen', 'n8n'] as const)('fails with a wrong token, naming code 190 and not the token (%s)', async (httpClient) => {
		const { result, text } = await testCredential(WRONG_TOKEN, httpClient);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('WhatsApp error 190');
		for (const secret of [...SECRETS, WRONG_TOKEN]) expect(text).not.toContain(secret);
	});
});
