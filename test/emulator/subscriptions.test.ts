import { describe, expect, it } from 'vitest';
import { call, useEmulator } from './testClient';

const env = useEmulator();
const PATH = '/v24.0/102290129340398/subscribed_apps';

describe('emulator: /{waba-id}/subscribed_apps', () => {
	it('subscribes, lists and unsubscribes the app in state.subscriptions', async () => {
		expect((await call(env.emulator, 'POST', PATH)).body).toEqual({ success: true });
		expect((await call(env.emulator, 'POST', PATH)).body).toEqual({ success: true });
		expect(env.emulator.state.subscriptions).toEqual([{ appId: env.emulator.state.appId, appName: expect.any(String) }]);
		const { body } = await call(env.emulator, 'GET', PATH);
		expect(body.data).toEqual([{ whatsapp_business_api_data: { id: env.emulator.state.appId, link: expect.stringContaining(env.emulator.state.appId), name: expect.any(String) } }]);
		expect((await call(env.emulator, 'DELETE', PATH)).body).toEqual({ success: true });
		expect(env.emulator.state.subscriptions).toEqual([]);
	});

	it.each([
		['an override over 200 characters', { override_callback_uri: `https://a.example/${'x'.repeat(183)}`, verify_token: 't' }],
		['an override without a verify token', { override_callback_uri: 'https://a.example/hook' }],
		['an override that is no URL', { override_callback_uri: 'hook', verify_token: 't' }],
	])('refuses %s with 100', async (_what, body) => {
		expect((await call(env.emulator, 'POST', PATH, body)).body.error.code).toBe(100);
		expect(env.emulator.state.subscriptions).toEqual([]);
	});

	it('refuses another WABA as an unknown object', async () => {
		expect((await call(env.emulator, 'GET', '/v24.0/999/subscribed_apps')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});
});
