import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { openAccount, type OpenedAccount } from '../../nodes/shared/account/open';
import { isSubscribed, subscribe, unsubscribe, WebhookReceiver } from '../../nodes/shared/webhook';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const TOKEN = 'EAAtest-access-token-0123456789';
const VERIFY = 'verify-token-0123456789';
let emulator: GraphEmulator;
let callback: Server;
let callbackUrl = '';
let account: OpenedAccount;

beforeAll(async () => {
	// A callback that answers the handshake through the receiver, as both hosts do.
	const receiver = new WebhookReceiver({ appSecret: 's', verifyToken: VERIFY, now: () => 0 });
	callback = createServer((req, res) => {
		const answer = receiver.handshake(Object.fromEntries(new URL(req.url!, 'http://x').searchParams));
		res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
	});
	await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
	callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/webhook/abc/webhook`;
	emulator = await startEmulator({ token: TOKEN, appSecret: 's' });
	// The account as both hosts open it: its calls go through the paced path.
	const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
	account = openAccount({ accessToken: TOKEN, baseUrl: emulator.url }, { transport: (settings) => fetchTransport(settings.accessToken), sleep, log: () => undefined });
});
beforeEach(() => emulator.reset());
afterAll(async () => {
	await emulator.stop();
	callback.close();
});

describe('subscribing this WABA with an override callback (the trigger lifecycle)', () => {
	it('subscribes after the handshake passes, finds the subscription, and removes only its own', async () => {
		const target = { wabaId: emulator.state.wabaId, callbackUrl };
		expect(await isSubscribed(account, target)).toBe(false);
		await subscribe(account, target, VERIFY);
		expect(emulator.state.subscriptions).toMatchObject([{ overrideCallbackUri: callbackUrl, verifyToken: VERIFY }]);
		expect(await isSubscribed(account, target)).toBe(true);
		expect(await isSubscribed(account, { ...target, callbackUrl: callbackUrl + '-test' })).toBe(false);
		expect(await unsubscribe(account, { ...target, callbackUrl: callbackUrl + '-test' })).toBe(false);
		expect(emulator.state.subscriptions).toHaveLength(1);
		expect(await unsubscribe(account, target)).toBe(true);
		expect(emulator.state.subscriptions).toHaveLength(0);
	});

	it('lets a test URL take over and hands the WABA back to the production URL when it ends', async () => {
		const production = { wabaId: emulator.state.wabaId, callbackUrl };
		const test = { ...production, callbackUrl: callbackUrl.replace('/webhook/', '/webhook-test/') };
		expect(await subscribe(account, production, VERIFY)).toBeUndefined();
		const replaced = await subscribe(account, test, VERIFY);
		expect(replaced).toBe(callbackUrl);
		expect(emulator.state.subscriptions[0].overrideCallbackUri).toBe(test.callbackUrl);
		expect(await unsubscribe(account, test, { callbackUrl: replaced!, verifyToken: VERIFY })).toBe(true);
		expect(emulator.state.subscriptions).toMatchObject([{ overrideCallbackUri: callbackUrl }]);
		// When the URL to restore no longer passes the handshake, the subscription goes.
		await subscribe(account, test, VERIFY);
		expect(await unsubscribe(account, test, { callbackUrl, verifyToken: 'changed-token' })).toBe(true);
		expect(emulator.state.subscriptions).toHaveLength(0);
	});

	it('fails with Graph 2200 when the callback does not know the verify token, and subscribes nothing', async () => {
		await expect(subscribe(account, { wabaId: emulator.state.wabaId, callbackUrl }, 'another-token')).rejects.toMatchObject({ code: 2200 });
		expect(emulator.state.subscriptions).toHaveLength(0);
	});

	it('refuses, before any request, a missing WABA id or verify token and a URL over 200 characters', async () => {
		const requests = emulator.state.requests.length;
		await expect(subscribe(account, { wabaId: '', callbackUrl }, VERIFY)).rejects.toThrow(/WhatsApp Business Account ID \(wabaId\).*required/);
		await expect(subscribe(account, { wabaId: emulator.state.wabaId, callbackUrl }, '')).rejects.toThrow(/Verify Token \(verifyToken\).*required/);
		const long = `https://example.com/${'a'.repeat(190)}`;
		await expect(subscribe(account, { wabaId: emulator.state.wabaId, callbackUrl: long }, VERIFY)).rejects.toThrow(/210 characters long; Meta allows at most 200/);
		expect(emulator.state.requests.length).toBe(requests);
	});
});
