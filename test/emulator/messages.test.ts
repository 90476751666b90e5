import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: 'T0ken', appSecret: 'S' });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

async function post(path: string, body: unknown, token = 'T0ken') {
	const response = await fetch(`${emulator.url}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as any };
}

const text = (body: string, extra: object = {}) => ({ messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body }, ...extra });

describe('emulator: POST /{phone-number-id}/messages (text)', () => {
	it('accepts a text and answers as Meta does', async () => {
		const { status, body } = await post('/v24.0/106540352242922/messages', text('Hello'));
		expect(status).toBe(200);
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
			messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9_-]+$/) }],
		});
		expect(emulator.state.messages).toMatchObject([{ to: '16505551234', type: 'text', phoneNumberId: '106540352242922' }]);
	});

	it('refuses a wrong token with code 190 and HTTP 401', async () => {
		const { status, body } = await post('/v24.0/106540352242922/messages', text('Hello'), 'nope');
		expect(status).toBe(401);
		expect(body.error).toMatchObject({ code: 190, type: 'OAuthException', message: expect.stringMatching(/^\(#190\)/), fbtrace_id: expect.any(String) });
		expect(emulator.state.messages).toHaveLength(0);
	});

	it.each([
		['a body over 4,096 characters', text('x'.repeat(4097)), 100],
		['an empty body', text(''), 131008],
		['a missing messaging_product', { to: '+16505551234', type: 'text', text: { body: 'x' } }, 100],
		['a recipient that is no number', text('x', { to: 'abc' }), 100],
		['a non-boolean preview_url', { ...text('x'), text: { body: 'x', preview_url: 'yes' } }, 100],
		['tracking data over 512 characters', text('x', { biz_opaque_callback_data: 'y'.repeat(513) }), 100],
	])('refuses %s with code %i and HTTP 400', async (_name, payload, code) => {
		const { status, body } = await post('/v24.0/106540352242922/messages', payload);
		expect(status).toBe(400);
		expect(body.error.code).toBe(code);
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('refuses an unknown phone number id', async () => {
		const { status, body } = await post('/v24.0/123/messages', text('x'));
		expect(status).toBe(400);
		expect(body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it('logs every request for assertions', async () => {
		await post('/v24.0/106540352242922/messages', text('logged'));
		expect(emulator.state.requests).toMatchObject([{ method: 'POST', path: '/v24.0/106540352242922/messages', status: 200, body: text('logged') }]);
	});
});
