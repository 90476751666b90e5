import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeApp } from '../../nodes/shared/catalog/subscription/subscribe';
import { failure, graphCalls, useManage, VERIFY_TOKEN, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;

/** A callback that answers Meta's verification handshake when the token matches. */
let callback: Server;
let callbackUrl = '';
beforeAll(async () => {
	callback = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		const ok = url.searchParams.get('hub.verify_token') === VERIFY_TOKEN;
		res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get('hub.challenge') : 'no');
	});
	await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
	callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => callback.close(() => resolve())));

describe('webhook subscriptions of the WABA', () => {
	it('subscribes, lists one item per app and unsubscribes', async () => {
		expect(await run('subscription', 'getMany')).toEqual([]);
		expect(await run('subscription', 'subscribe')).toEqual({ success: true, subscribed: true });
		expect(graphCalls(emulator())[1]).toMatchObject({ method: 'POST', path: `/v24.0/${WABA_ID}/subscribed_apps`, body: undefined });
		const list = await run('subscription', 'getMany');
		expect(list).toEqual([{ whatsapp_business_api_data: { id: emulator().state.appId, link: expect.any(String), name: expect.any(String) } }]);
		expect(await run('subscription', 'unsubscribe')).toEqual({ deleted: true });
		expect(emulator().state.subscriptions).toEqual([]);
	});

	it('sets an override callback with the credential\'s verify token, and clears it by subscribing again', async () => {
		// The package asks for https, so the override that reaches the local http callback is posted directly.
		const request = subscribeApp.request({ wabaId: WABA_ID, overrideCallbackUri: 'https://hooks.example/wa', verifyToken: VERIFY_TOKEN }, {} as never);
		expect(request.body).toEqual({ override_callback_uri: 'https://hooks.example/wa', verify_token: VERIFY_TOKEN });
		const direct = await fetch(`${emulator().url}/v24.0/${WABA_ID}/subscribed_apps`, {
			method: 'POST',
			headers: { authorization: 'Bearer T0ken', 'content-type': 'application/json' },
			body: JSON.stringify({ override_callback_uri: callbackUrl, verify_token: VERIFY_TOKEN }),
		});
		expect(direct.status).toBe(200);
		expect(await run('subscription', 'getMany')).toMatchObject([{ override_callback_uri: callbackUrl }]);
		expect(emulator().state.subscriptions[0]).toMatchObject({ overrideCallbackUri: callbackUrl, verifyToken: VERIFY_TOKEN });
		await run('subscription', 'subscribe');
		expect(emulator().state.subscriptions[0].overrideCallbackUri).toBeUndefined();
	});

	it('reports a failed handshake of the override (2200)', async () => {
		const error = await failure(run('subscription', 'subscribe', { overrideCallbackUri: 'https://127.0.0.1:1/none' }));
		expect(error).toMatchObject({ code: 2200 });
		expect(emulator().state.subscriptions).toEqual([]);
	});

	it.each([
		['http://hooks.example/wa', 'Invalid Override Callback URL (overrideCallbackUri): must be an https:// URL'],
		[`https://hooks.example/${'a'.repeat(180)}`, 'Invalid Override Callback URL (overrideCallbackUri): must be at most 200 characters, got 202'],
	])('refuses the override %s before any request', async (uri, message) => {
		expect((await failure(run('subscription', 'subscribe', { overrideCallbackUri: uri }))).message).toBe(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});
