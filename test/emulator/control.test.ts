import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/server';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const control = async (method: string, path: string, body?: unknown) => {
	const response = await fetch(`${env.emulator.url}/__emulator/${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as any };
};
const text = { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hello' } };
const send = () => call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, text);

describe('emulator: control API under /__emulator/', () => {
	it('reports the messages and the Graph request count, not counting its own calls', async () => {
		await send();
		await call(env.emulator, 'GET', '/v24.0/999');
		const { status, body } = await control('GET', 'state');
		expect(status).toBe(200);
		expect(body).toMatchObject({ requests: 2, messages: [{ to: '16505551234', type: 'text' }], faults: [], now: expect.any(Number) });
	});

	it('scripts faults over HTTP (path as a pattern source) and clears them', async () => {
		const added = await control('POST', 'faults', { kind: 'error', method: 'POST', path: '/messages$', code: 133004, times: 2 });
		expect(added).toEqual({ status: 200, body: { id: expect.any(Number) } });
		expect((await control('GET', 'faults')).body.data).toMatchObject([{ kind: 'error', path: '/messages$', code: 133004, remaining: 2 }]);
		expect((await send()).body.error.code).toBe(133004);
		expect((await control('DELETE', 'faults')).body).toEqual({ success: true });
		expect((await send()).status).toBe(200);
	});

	it('refuses a fault spec it cannot use', async () => {
		const { status, body } = await control('POST', 'faults', { kind: 'boom', path: 'x' });
		expect([status, body.error.code]).toEqual([400, 100]);
		expect((await control('POST', 'faults', { kind: 'error' })).status).toBe(400);
	});

	it('advances the clock', async () => {
		const before = env.emulator.clock.now();
		const { body } = await control('POST', 'clock', { advanceMs: 3_600_000 });
		expect(body.now - before).toBeGreaterThanOrEqual(3_600_000);
		expect(env.emulator.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
		expect((await control('POST', 'clock', { advanceMs: -1 })).status).toBe(400);
	});

	it('resets messages, requests, faults and the clock', async () => {
		await send();
		env.emulator.faults.add({ kind: 'error', path: 'x' });
		env.emulator.clock.advance(86_400_000);
		expect((await control('POST', 'reset')).body).toEqual({ success: true });
		expect(env.emulator.state.messages).toHaveLength(0);
		expect(env.emulator.state.requests).toHaveLength(0);
		expect(env.emulator.faults.pending()).toHaveLength(0);
		expect(env.emulator.clock.now() - Date.now()).toBeLessThan(60_000);
	});

	it('answers only on loopback', async () => {
		const address = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
		expect(address, 'this test needs a non-loopback IPv4 interface').toBeDefined();
		const open = await startEmulator({ token: 'T', appSecret: 'S', host: '0.0.0.0' });
		try {
			const port = new URL(open.url).port;
			const remote = await fetch(`http://${address}:${port}/__emulator/reset`, { method: 'POST' });
			expect(remote.status).toBe(403);
			expect(((await remote.json()) as any).error.code).toBe(10);
			expect((await fetch(`http://127.0.0.1:${port}/__emulator/reset`, { method: 'POST' })).status).toBe(200);
		} finally {
			await open.stop();
		}
	});
});
