import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-messaging-'));
const resultsOf = (row: string) => join(out, `${row}.jsonl`);
const ERRORS = join(out, 'errors.jsonl');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 3000 }, (_, i) => i % 251)]);
const INBOUND_MEDIA = '778899001122334';
const WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTk';
const TO = '+16505551234';

const file = (id: string, filename: string) => ({ id, type: 'file', z: 'tab1', filename, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] });
const fn = (id: string, func: string, next: string) => ({ id, type: 'function', z: 'tab1', func, outputs: 1, wires: [[next]] });

/** One row per scenario: inject (JSON payload) → [function] → send → [function] → file. */
function row(id: string, payload: unknown, send: Record<string, unknown>, before?: string, after?: string) {
	const nodes: object[] = [];
	const sendId = `send-${id}`;
	const first = before ? `before-${id}` : sendId;
	nodes.push({ id: `inject-${id}`, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JSON.stringify(payload), payloadType: 'json', wires: [[first]] });
	if (before) nodes.push(fn(`before-${id}`, before, sendId));
	const last = after ? `after-${id}` : `file-${id}`;
	nodes.push({ id: sendId, type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', wires: [[last]], ...send });
	if (after) nodes.push(fn(`after-${id}`, after, `file-${id}`));
	nodes.push(file(`file-${id}`, resultsOf(id)));
	return nodes;
}

/** Three types of message, each a whole Cloud API object in msg.payload, for one Send Message (JSON) node. */
const ANY_MESSAGES = [
	{ to: TO, type: 'image', image: { link: 'https://example.com/menu.jpg', caption: 'Today\'s menu' } },
	{ to: TO, type: 'location', location: { latitude: 37.4847, longitude: -122.148, name: 'Pickup point' } },
	{ to: TO, type: 'interactive', interactive: { type: 'button', body: { text: 'Confirm the order?' }, action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] } } },
];

/** One inject per message, all wired to the same send node. */
function anyMessageNodes() {
	return [
		...ANY_MESSAGES.map((message, i) => ({ id: `inject-any-${i}`, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JSON.stringify(message), payloadType: 'json', wires: [['send-any']] })),
		{ id: 'send-any', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendJson', params: {}, wires: [['file-any']] },
		file('file-any', resultsOf('any')),
	];
}

function flows(baseUrl: string) {
	return [
		{ id: 'tab1', type: 'tab', label: 'Messaging' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },
		...row('text', { to: TO, body: 'Hello from Node-RED' }, { operation: 'sendText', params: {} }),
		// A Buffer made by a function node, as a file-in or an HTTP request node would give it.
		...row('image', JPEG.toString('base64'), { operation: 'sendImage', params: { to: TO, mediaSource: 'file', caption: 'Your photo' } }, 'msg.payload = Buffer.from(msg.payload, "base64"); return msg;'),
		...row('template', { to: TO, template: 'appointment_reminder|en_US', templateParameters: { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00' } }, { operation: 'sendTemplate', params: {} }),
		...row(
			'list',
			{ to: TO, type: 'interactive', interactive: { type: 'list', body: { text: 'Menu?' }, action: { button: 'Open', sections: [{ title: 'Pizza', rows: [{ id: 'p1', title: 'Margherita' }] }] } } },
			{ operation: 'sendList', params: {} },
		),
		...row('read', { messageId: WAMID, typingIndicator: true }, { operation: 'markRead', params: {} }),
		...row(
			'download',
			'go',
			{ resource: 'media', operation: 'download', params: { mediaId: INBOUND_MEDIA } },
			undefined,
			'msg.payload = { isBuffer: Buffer.isBuffer(msg.payload), base64: msg.payload.toString("base64"), mimeType: msg.mimeType, media: msg.media }; return msg;',
		),
		...anyMessageNodes(),
		...row('invalid', { to: TO, body: 'Pick', buttonText: 'Open', sections: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }, { operation: 'sendList', params: {} }),
		{ id: 'catch-all', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['shape-error']] },
		{ id: 'shape-error', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"error": error, "whatsappError": whatsappError}', tot: 'jsonata' }], wires: [['errors']] },
		file('errors', ERRORS),
	];
}

describe('messaging in a real Node-RED 5', () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	const sentBody = () => emulator.state.messages.at(-1)!.body;
	const run = async (id: string) => {
		const count = emulator.state.requests.length;
		await red.inject(`inject-${id}`);
		const [result] = await red.waitFor(() => red.readJsonLines(resultsOf(id)).length >= 1 && red.readJsonLines(resultsOf(id)));
		expect(emulator.state.requests.length).toBeGreaterThan(count);
		return result as Record<string, any>;
	};

	beforeAll(async () => {
		emulator = await startTestEmulator();
		emulator.state.media.set(INBOUND_MEDIA, {
			id: INBOUND_MEDIA,
			phoneNumberId: PHONE_NUMBER_ID,
			mimeType: 'image/jpeg',
			bytes: JPEG,
			sha256: createHash('sha256').update(JPEG).digest('hex'),
			uploadedAt: emulator.clock.now(),
		});
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('sends a text from msg.payload fields', async () => {
		const result = await run('text');
		expect(sentBody()).toMatchObject({ type: 'text', to: TO, text: { body: 'Hello from Node-RED' } });
		expect(result.messageId).toBe(emulator.state.messages.at(-1)!.id);
	});

	it('uploads a Buffer, then sends the image by its media id', async () => {
		const result = await run('image');
		const uploaded = emulator.state.media.get(result.mediaId)!;
		expect(uploaded.bytes.equals(JPEG)).toBe(true);
		expect(uploaded.mimeType).toBe('image/jpeg'); // from the file's first bytes
		expect(sentBody()).toMatchObject({ type: 'image', image: { id: result.mediaId, caption: 'Your photo' } });
	});

	it('sends a template with positional parameters', async () => {
		await run('template');
		expect(sentBody().template).toEqual({
			name: 'appointment_reminder',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
			],
		});
	});

	it('sends an interactive list given as a full Cloud API object', async () => {
		await run('list');
		expect(sentBody().interactive).toEqual({ type: 'list', body: { text: 'Menu?' }, action: { button: 'Open', sections: [{ title: 'Pizza', rows: [{ id: 'p1', title: 'Margherita' }] }] } });
	});

	it('sends three types of message from msg.payload through one Send Message (JSON) node', async () => {
		for (let i = 0; i < ANY_MESSAGES.length; i++) {
			await red.inject(`inject-any-${i}`);
			await red.waitFor(() => red.readJsonLines(resultsOf('any')).length > i);
		}
		const sent = emulator.state.messages.slice(-ANY_MESSAGES.length);
		expect(sent.map((m) => m.body)).toEqual(ANY_MESSAGES.map((message) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message })));
		expect(red.readJsonLines(resultsOf('any')).map((result) => result.messageId)).toEqual(sent.map((m) => m.id));
	});

	it('marks a message as read with the typing indicator', async () => {
		const result = await run('read');
		expect(result).toMatchObject({ success: true });
		expect(emulator.state.requests.at(-1)!.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: WAMID, typing_indicator: { type: 'text' } });
	});

	it('downloads media into a Buffer with its type', async () => {
		const result = await run('download');
		expect(result.isBuffer).toBe(true);
		expect(Buffer.from(result.base64, 'base64').equals(JPEG)).toBe(true);
		expect(result.mimeType).toBe('image/jpeg');
		expect(result.media).toMatchObject({ mediaId: INBOUND_MEDIA, fileSize: JPEG.length });
	});

	it('sends invalid input to Catch with the field and the limit; nothing is sent', async () => {
		const before = emulator.state.requests.length;
		await red.inject('inject-invalid');
		const [error] = await red.waitFor(() => red.readJsonLines(ERRORS).length >= 1 && red.readJsonLines(ERRORS));
		expect((error as any).error.message).toContain('Sections (JSON) (sections) (0.rows): must have at most 10 rows, got 11');
		expect(emulator.state.requests.length).toBe(before);
		for (const secret of SECRETS) expect(red.output).not.toContain(secret);
	});
});
