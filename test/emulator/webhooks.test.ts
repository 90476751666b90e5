import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';

const SECRET = 'emulator-app-secret';
interface Received {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	raw: Buffer;
}

/** A plain callback server: records each request; answers with the next scripted status. */
let callback: Server;
let received: Received[] = [];
let answers: number[] = [];
let callbackUrl = '';
let emulator: GraphEmulator;

beforeAll(async () => {
	callback = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			received.push({ method: req.method!, url: req.url!, headers: req.headers, raw });
			const url = new URL(req.url!, 'http://x');
			if (req.method === 'GET') {
				const ok = url.searchParams.get('hub.verify_token') === 'right-token';
				res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get('hub.challenge') : 'no');
				return;
			}
			res.writeHead(answers.shift() ?? 200).end();
		});
	});
	await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
	callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/hook`;
	emulator = await startEmulator({ token: 'T0ken', appSecret: SECRET, callbackUrl });
});
beforeEach(() => {
	emulator.reset();
	emulator.options.callbackUrl = callbackUrl;
	received = [];
	answers = [];
});
afterAll(async () => {
	await emulator.stop();
	callback.close();
});

const hmac = (raw: Buffer) => 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
const posts = () => received.filter((r) => r.method === 'POST');
const bodyOf = (r: Received) => JSON.parse(r.raw.toString('utf8'));

describe('emulator: signed webhook deliveries', () => {
	it('escapes non-ASCII as lowercase \\uXXXX (surrogate pairs) and / as \\/, and signs exactly those bytes', async () => {
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'äöå 😀 a/b' } }])]);
		const [post] = posts();
		const text = post.raw.toString('utf8');
		expect(text).toContain('\\u00e4\\u00f6\\u00e5 \\ud83d\\ude00 a\\/b');
		expect([...post.raw].every((byte) => byte < 0x80)).toBe(true);
		expect(text).not.toMatch(/\n| {2}/);
		expect(post.headers['x-hub-signature-256']).toBe(hmac(post.raw));
		expect(post.headers['content-type']).toBe('application/json');
		expect(bodyOf(post).entry[0].changes[0].value.messages[0].text.body).toBe('äöå 😀 a/b');
		expect(metaJson({ s: 'ä' })).toBe('{"s":"\\u00e4"}');
	});

	it('retries with backoff until the callback answers 200, and gives up after the last retry', async () => {
		emulator.webhooks.options.retryDelaysMs = [5, 10];
		answers = [500, 503, 200];
		const [ok] = await emulator.webhooks.send([emulator.webhooks.phoneNumberQuality('106540352242922', 'FLAGGED')]);
		expect(ok.attempts).toEqual([500, 503, 200]);
		expect(ok.delivered).toBe(true);
		answers = [500, 500, 500];
		const [failed] = await emulator.webhooks.send([emulator.webhooks.templateStatus('594425479261596', 'PAUSED')]);
		expect(failed.attempts).toEqual([500, 500, 500]);
		expect(failed.delivered).toBe(false);
		// Every attempt carries the same bytes and signature.
		expect(new Set(posts().slice(3).map((p) => p.raw.toString()))).toHaveProperty('size', 1);
	});

	it('posts sent, delivered and read with pricing and the tracking data after an accepted send', async () => {
		const response = await fetch(`${emulator.url}/v24.0/106540352242922/messages`, {
			method: 'POST',
			headers: { authorization: 'Bearer T0ken', 'content-type': 'application/json' },
			body: JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: 'order-4711' }),
		});
		const { messages } = (await response.json()) as { messages: Array<{ id: string }> };
		await emulator.webhooks.idle();
		const statuses = posts().map((p) => bodyOf(p).entry[0].changes[0].value.statuses[0]);
		expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
		for (const status of statuses) expect(status).toMatchObject({ id: messages[0].id, recipient_id: '16505551234', biz_opaque_callback_data: 'order-4711' });
		expect(statuses[0].pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' });
		for (const post of posts()) expect(post.headers['x-hub-signature-256']).toBe(hmac(post.raw));
	});

	it('posts a failed status with the scripted error instead', async () => {
		emulator.webhooks.failNextSendTo('16505551234', { code: 131026, title: 'Message undeliverable' });
		await fetch(`${emulator.url}/v24.0/106540352242922/messages`, {
			method: 'POST',
			headers: { authorization: 'Bearer T0ken', 'content-type': 'application/json' },
			body: JSON.stringify({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'hi' } }),
		});
		await emulator.webhooks.idle();
		const statuses = posts().map((p) => bodyOf(p).entry[0].changes[0].value.statuses[0]);
		expect(statuses).toHaveLength(1);
		expect(statuses[0]).toMatchObject({ status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] });
		expect(statuses[0].pricing).toBeUndefined();
	});

	it('sends the override callback the handshake, and refuses a callback that does not echo it (2200)', async () => {
		await expect(emulator.webhooks.verifyCallback(callbackUrl + '?x=1', 'right-token')).resolves.toBeUndefined();
		const [get] = received;
		const query = new URL(get.url, 'http://x').searchParams;
		expect(query.get('hub.mode')).toBe('subscribe');
		expect(query.get('hub.challenge')).toMatch(/^\d+$/);
		expect(query.get('x')).toBe('1');
		await expect(emulator.webhooks.verifyCallback(callbackUrl, 'wrong-token')).rejects.toMatchObject({ code: 2200 });
	});

	it('delivers to the WABA override_callback_uri when one is set', async () => {
		emulator.state.subscriptions.push({ appId: emulator.state.appId, appName: 'Flowpace', overrideCallbackUri: callbackUrl + '/override', verifyToken: 'right-token' });
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'x' } }])]);
		expect(posts()[0].url).toBe('/hook/override');
	});

	it('injects 1,000 updates in one POST, duplicates on demand, and every kind over the control route', async () => {
		const inbound = Array.from({ length: 1000 }, (_, i) => ({ type: 'text', content: { body: `m${i}` } }));
		const response = await fetch(`${emulator.url}/__emulator/webhooks/inbound`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ messages: inbound, copies: 2 }),
		});
		expect(response.status).toBe(200);
		expect(((await response.json()) as { deliveries: unknown[] }).deliveries).toEqual([
			{ url: callbackUrl, attempts: [200], delivered: true },
			{ url: callbackUrl, attempts: [200], delivered: true },
		]);
		const [first, second] = posts();
		expect(first.raw.equals(second.raw)).toBe(true);
		expect(bodyOf(first).entry[0].changes[0].value.messages).toHaveLength(1000);

		const w = emulator.webhooks;
		const changes = [
			w.inbound([{ type: 'reaction', content: { message_id: 'wamid.A', emoji: '👍' } }, { type: 'text', content: { body: 'reply' }, replyTo: 'wamid.B' }]),
			w.templateStatus('594425479261596', 'APPROVED'),
			w.templateQuality('594425479261596', 'GREEN', 'YELLOW'),
			w.phoneNumberQuality('106540352242922', 'THROUGHPUT_UPGRADE'),
		];
		await w.send(changes);
		const entries = bodyOf(posts()[2]).entry;
		expect(entries.map((e: { changes: Array<{ field: string }> }) => e.changes[0].field)).toEqual([
			'messages',
			'message_template_status_update',
			'message_template_quality_update',
			'phone_number_quality_update',
		]);
		expect(entries[0].time).toBeUndefined();
		expect(entries[1].time).toEqual(expect.any(Number));
		expect(entries[0].changes[0].value.messages[1].context).toEqual({ from: '15550783881', id: 'wamid.B' });
		expect(entries[1].changes[0].value).toMatchObject({ event: 'APPROVED', message_template_id: 594425479261596, message_template_name: 'order_update' });
	});
});
