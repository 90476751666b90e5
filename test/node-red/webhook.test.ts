import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import registerWebhook from '../../nodes/node-red/whatsapp-platform-webhook';
import { startEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { isWatched } from '../../nodes/shared/webhook/templateReviews';

const require = createRequire(__filename);
const helper = require('node-red-node-test-helper');

const SECRET = 'app-secret-0123456789abcdef';
const VERIFY = 'verify-token-0123456789';
const TOKEN = 'EAAtest-access-token-0123456789';
const sign = (raw: Buffer | string, secret = SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'webhooks-published', `${name}.json`));
/** Group and call payloads: test/fixtures/webhooks (see its README). */
const ownFixture = (name: string) => readFileSync(`${__dirname}/../fixtures/webhooks/${name}.json`);

// helper.request() reaches only the admin app, not RED.httpNode: keep the
// httpNode the module was given and drive it with supertest.
let httpNode: unknown;
/** When set, httpNode is mounted on it as Node-RED's server mounts it: after the admin app's JSON parser. */
let rootApp: { use(...args: unknown[]): void } | undefined;
const captureHttpNode = (RED: { httpNode: unknown }) => {
	httpNode = RED.httpNode;
	rootApp?.use('/', RED.httpNode);
	registerWebhook(RED as never);
};

interface Msg {
	payload: Record<string, unknown>;
	topic: string;
	change: { field: string; value: Record<string, unknown> };
}

async function load(nodeConfig: Record<string, unknown> = {}, settings: Record<string, unknown> = {}, baseUrl = 'http://127.0.0.1:9') {
	helper.settings(settings);
	const flow = [
		{ id: 'tab', type: 'tab' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'Test account', wabaId: '102290129340398', phoneNumberId: '', apiVersion: 'v24.0', baseUrl },
		{ id: 'hook', z: 'tab', type: 'whatsapp-platform-webhook', account: 'acct', path: '/whatsapp', wires: [['out']], ...nodeConfig },
		{ id: 'out', z: 'tab', type: 'helper' },
	];
	await helper.load([registerConfig, captureHttpNode], flow, { acct: { accessToken: TOKEN, appSecret: SECRET, verifyToken: VERIFY } });
	const received: Msg[] = [];
	helper.getNode('out').on('input', (msg: Msg) => received.push(msg));
	return { received, hook: helper.getNode('hook'), http: supertest((rootApp ?? httpNode) as never) };
}

const post = (http: supertest.Agent, raw: Buffer | string, signature?: string) => {
	const request = http.post('/whatsapp').set('content-type', 'application/json');
	if (signature !== undefined) request.set('x-hub-signature-256', signature);
	// A string: superagent would JSON-encode a Buffer given with a JSON content type.
	return request.send(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
/** Polls until the probe holds (messages are sent after the HTTP answer), for at most 5 s. */
async function until(probe: () => boolean) {
	for (let i = 0; i < 500 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

beforeAll(() => {
	helper.init(require.resolve('node-red'));
});
afterEach(async () => {
	await helper.unload();
	rootApp = undefined;
});

describe('whatsapp-platform-webhook in node-red-node-test-helper', () => {
	it('answers the handshake with the challenge as plain text, and 403 to a wrong token', async () => {
		const { http } = await load();
		const ok = await http.get('/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY, 'hub.challenge': '1158201444' });
		expect(ok.status).toBe(200);
		expect(ok.text).toBe('1158201444');
		expect(ok.headers['content-type']).toMatch(/^text\/plain/);
		const wrong = await http.get('/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' });
		expect(wrong.status).toBe(403);
		expect(wrong.text).not.toContain(VERIFY);
	});

	it('outputs msg.payload (event), msg.topic (kind) and msg.change for a signed fixture', async () => {
		const { http, received } = await load();
		const raw = fixture('meta-text');
		const response = await post(http, raw, sign(raw));
		expect(response.status).toBe(200);
		await settle();
		expect(received).toHaveLength(1);
		expect(received[0].topic).toBe('message');
		expect(received[0].payload).toMatchObject({ kind: 'message', from: '16505551234', text: 'Does it come in another color?', phoneNumberId: '106540352242922' });
		expect(received[0].payload.change).toBeUndefined();
		expect(received[0].change.field).toBe('messages');
	});

	it('refuses unsigned, wrongly signed and tampered bodies with 401 and sends nothing', async () => {
		const { http, received } = await load();
		const raw = fixture('meta-text');
		const tampered = Buffer.from(raw.toString().replace('another color', 'another colour'));
		expect((await post(http, raw)).status).toBe(401);
		expect((await post(http, raw, sign(raw, 'wrong-secret'))).status).toBe(401);
		expect((await post(http, tampered, sign(raw))).status).toBe(401);
		await settle();
		expect(received).toHaveLength(0);
	});

	it('verifies non-ASCII text as Meta escapes it, and answers 400 to a signed non-delivery', async () => {
		const { http, received } = await load();
		const body = JSON.parse(fixture('meta-text').toString());
		body.entry[0].changes[0].value.messages[0].text.body = 'Grüße 😀 https://x.example/a';
		const raw = metaJson(body);
		expect((await post(http, raw, sign(raw))).status).toBe(200);
		const bad = '{"object":"page","entry":[]}';
		expect((await post(http, bad, sign(bad))).status).toBe(400);
		await settle();
		expect(received.map((m) => m.payload.text)).toEqual(['Grüße 😀 https://x.example/a']);
	});

	it('deduplicates redeliveries and filters by status and phone number', async () => {
		const { http, received } = await load({ statuses: 'read', phoneNumberIds: '1122334455667' });
		for (const name of ['pywa-status-read', 'pywa-status-read', 'pywa-status-with-tracker', 'meta-status-delivered-cbp', 'pywa-order']) {
			const raw = fixture(name);
			expect((await post(http, raw, sign(raw))).status).toBe(200);
		}
		await settle();
		expect(received.map((m) => [m.topic, m.payload.status ?? m.payload.messageType])).toEqual([
			['status', 'read'],
			['message', 'order'],
		]);
	});

	it('filters by event kind (events field) and runs a redelivered call once', async () => {
		const { http, received } = await load({ events: 'call_connect, call_permission_reply, group_lifecycle' });
		const names = ['meta-call-connect-user-initiated', 'meta-call-connect-user-initiated', 'meta-call-status-ringing', 'meta-call-permission-reply', 'meta-group-create', 'meta-group-suspend'];
		for (const raw of [...names.map(ownFixture), fixture('meta-text')]) expect((await post(http, raw, sign(raw))).status).toBe(200);
		await until(() => received.length >= 3);
		await settle();
		expect(received.map((m) => [m.topic, m.payload.status])).toEqual([
			['call_connect', 'connect'],
			['call_permission_reply', 'accept'],
			['group_lifecycle', 'group_create'],
		]);
		expect(received[0].payload).toMatchObject({ callId: 'wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh', sdpType: 'offer', direction: 'USER_INITIATED', from: '16315553601' });
		expect(received[2].payload).toMatchObject({ groupId: 'Y2FwaV9ncm91cDox…', requestId: 'REQUEST_ID' });
	});

	it('keeps every kind when the events field is absent, as in flows saved before it existed', async () => {
		const { http, received } = await load({ statuses: 'read' });
		const raw = ownFixture('meta-call-status-ringing');
		expect((await post(http, raw, sign(raw))).status).toBe(200);
		await until(() => received.length >= 1);
		expect(received.map((m) => [m.topic, m.payload.status])).toEqual([['call_status', 'RINGING']]);
	});

	it('removes its routes on redeploy/close', async () => {
		const { http } = await load();
		await helper.unload();
		const after = await http.get('/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY, 'hub.challenge': '1' });
		expect(after.status).toBe(404);
	});

	it('while it listens, tells a manage node\'s Wait for Approval that its WABA\'s template reviews arrive here', async () => {
		await load();
		expect(isWatched('102290129340398')).toBe(true);
		await helper.unload();
		expect(isWatched('102290129340398')).toBe(false);
	});

	it('warns that httpNodeAuth breaks Meta deliveries', async () => {
		const { hook } = await load({}, { httpNodeAuth: { user: 'u', pass: 'p' } });
		const warnings = (helper.log().args as unknown[][]).map((a) => JSON.stringify(a[0]));
		expect(warnings.some((w) => w.includes('httpNodeAuth') && w.includes(hook.id))).toBe(true);
	});

	it('downloads inbound media into msg.media when asked, from the emulated platform', async () => {
		const emulator = await startEmulator({ token: TOKEN, appSecret: SECRET });
		try {
			const { http, received } = await load({ downloadMedia: true }, {}, emulator.url);
			const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a tiny jpeg')]);
			const image = emulator.webhooks.inboundMedia(bytes, 'image/jpeg', { caption: 'photo' });
			const missing = { mime_type: 'image/jpeg', sha256: 'x', id: '1003383421387256' };
			const body = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [emulator.webhooks.inbound([{ type: 'image', content: image }, { type: 'image', content: missing }])] }] };
			const raw = metaJson(body);
			expect((await post(http, raw, sign(raw))).status).toBe(200);
			await until(() => received.length >= 2);
			expect(received).toHaveLength(2);
			const media = received[0] as unknown as { media: { data: Buffer; mimeType: string; fileName: string } };
			expect(Buffer.compare(media.media.data, bytes)).toBe(0);
			expect(media.media).toMatchObject({ mimeType: 'image/jpeg', fileName: `${image.id}.jpg` });
			expect((received[1] as unknown as { mediaError: string }).mediaError).toMatch(/1003383421387256/);
			expect(JSON.stringify(received)).not.toContain(TOKEN);
		} finally {
			await emulator.stop();
		}
	});

	it('still reads the raw bytes when a JSON body parser runs before httpNode, as in a Node-RED server', async () => {
		const express = require('express');
		rootApp = express();
		const adminApp = express();
		adminApp.use(require('body-parser').json());
		rootApp!.use('/', adminApp);
		const { http, received } = await load();
		const raw = fixture('meta-image');
		expect((await post(http, raw, sign(raw))).status).toBe(200);
		await until(() => received.length >= 1);
		expect(received[0].payload).toMatchObject({ messageType: 'image', text: 'Taj Mahal' });
	});
});
