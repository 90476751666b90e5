import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const MESSAGES = `/v24.0/${PHONE_ID}/messages`;
const text = { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hello' } };
const send = () => call(env.emulator, 'POST', MESSAGES, text);

describe('emulator: scripted Graph errors', () => {
	it.each([
		[1, 500, '(#1) An unknown error occurred'],
		[2, 503, '(#2) Service temporarily unavailable'],
		[131000, 500, '(#131000) Something went wrong'],
		[131016, 500, '(#131016) Service unavailable'],
		[133004, 503, '(#133004) Server temporarily unavailable'],
		[130429, 400, '(#130429) Rate limit hit'],
		[368, 403, '(#368) Temporarily blocked for policies violations'],
		[190, 401, '(#190) Invalid OAuth access token'],
	])('answers code %i with HTTP %i in Meta\'s envelope, sends nothing and logs it', async (code, httpStatus, message) => {
		env.emulator.faults.add({ kind: 'error', method: 'POST', path: '/messages$', code, details: 'scripted' });
		const { status, body } = await send();
		expect(status).toBe(httpStatus);
		expect(body).toEqual({ error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'scripted' }, fbtrace_id: expect.any(String) } });
		expect(env.emulator.state.messages).toHaveLength(0);
		expect(env.emulator.state.requests).toMatchObject([{ path: MESSAGES, status: httpStatus, fault: `error ${code}` }]);
	});

	it('fails exactly `times` matching requests, then answers normally', async () => {
		env.emulator.faults.add({ kind: 'error', path: '/messages$', code: 131016, times: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await send()).status);
		expect(statuses).toEqual([500, 500, 200]);
		expect(env.emulator.state.messages).toHaveLength(1);
	});

	it('matches on method and path only', async () => {
		env.emulator.faults.add({ kind: 'error', method: 'GET', path: '/messages$', code: 2 });
		env.emulator.faults.add({ kind: 'error', path: '/media$', code: 2 });
		expect((await send()).status).toBe(200);
		expect(env.emulator.faults.pending()).toHaveLength(2);
	});

	it('takes an HTTP status override', async () => {
		env.emulator.faults.add({ kind: 'error', path: '/messages$', code: 131000, httpStatus: 502 });
		expect((await send()).status).toBe(502);
	});

	it('is cleared by faults.clear() and by reset()', async () => {
		env.emulator.faults.add({ kind: 'error', path: '/messages$', times: Infinity });
		env.emulator.faults.clear();
		expect((await send()).status).toBe(200);
		env.emulator.faults.add({ kind: 'error', path: '/messages$', times: Infinity });
		env.emulator.reset();
		expect((await send()).status).toBe(200);
	});

	it('refuses a spec that cannot work', () => {
		expect(() => env.emulator.faults.add({ kind: 'explode' as 'error', path: 'x' })).toThrow(/kind must be one of/);
		expect(() => env.emulator.faults.add({ kind: 'error', path: 'x', times: 0 })).toThrow(/at least 1/);
	});
});

describe('emulator: scripted network faults', () => {
	it('times out: never answers, sends nothing, logs the request', async () => {
		env.emulator.faults.add({ kind: 'timeout', path: '/messages$' });
		const outcome = await fetch(`${env.emulator.url}${MESSAGES}`, {
			method: 'POST',
			headers: { authorization: 'Bearer T0ken', 'content-type': 'application/json' },
			body: JSON.stringify(text),
			signal: AbortSignal.timeout(300),
		}).then(() => 'answered', (error: Error) => error.name);
		expect(outcome).toBe('TimeoutError');
		expect(env.emulator.state.messages).toHaveLength(0);
		expect(env.emulator.state.requests).toMatchObject([{ path: MESSAGES, status: 0, fault: 'timeout' }]);
	});

	it('resets the connection before processing: nothing sent', async () => {
		env.emulator.faults.add({ kind: 'reset', path: '/messages$' });
		await expect(send()).rejects.toThrow(/fetch failed/);
		expect(env.emulator.state.messages).toHaveLength(0);
		expect(env.emulator.state.requests).toMatchObject([{ status: 0, fault: 'reset' }]);
	});

	it('resets after processing: the message went out, so a blind retry sends it twice (and the log proves it)', async () => {
		env.emulator.faults.add({ kind: 'reset', path: '/messages$', after: true });
		await expect(send()).rejects.toThrow(/fetch failed/);
		expect((await send()).status).toBe(200);
		expect(env.emulator.state.messages).toHaveLength(2);
		expect(env.emulator.state.requests.map((r) => [r.status, r.fault])).toEqual([[0, 'reset after processing'], [200, undefined]]);
	});

	it('answers a 5xx after processing when scripted so', async () => {
		env.emulator.faults.add({ kind: 'error', code: 131000, path: '/messages$', after: true });
		expect((await send()).status).toBe(500);
		expect(env.emulator.state.messages).toHaveLength(1);
	});

	it('answers slowly but normally', async () => {
		env.emulator.faults.add({ kind: 'slow', path: '/messages$', delayMs: 200 });
		const started = performance.now();
		const { status, body } = await send();
		expect(performance.now() - started).toBeGreaterThanOrEqual(190);
		expect([status, body.messages[0].id]).toEqual([200, expect.stringMatching(/^wamid\./)]);
		expect(env.emulator.state.requests).toMatchObject([{ status: 200, fault: 'slow 200ms' }]);
	});
});
