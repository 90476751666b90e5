import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { helper, initHelper, loadSend, PHONE_NUMBER_ID } from './sendFlow';

const TOKEN = 'EAAnode-red-send-token-0123';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 60 }, (_, i) => i)]);

let emulator: GraphEmulator;
beforeAll(async () => {
	initHelper();
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
beforeEach(() => emulator.reset());
afterEach(async () => {
	await helper.unload();
});
afterAll(() => emulator.stop());

const load = (send: Record<string, unknown>) => loadSend(emulator, TOKEN, send);

describe('whatsapp-platform-send in Node-RED', () => {
	it('sends a text from the form and reports the wamid in msg.payload and the status', async () => {
		const { input, lastStatus } = await load({ operation: 'sendText', params: { to: '+16505551234', body: 'Hello' } });
		const msg = await input({ payload: {} });
		expect(msg.payload.messageId).toBe(emulator.state.messages[0].id);
		expect(emulator.state.messages[0].body).toMatchObject({ type: 'text', text: { body: 'Hello' } });
		expect(lastStatus()).toMatchObject({ fill: 'green', text: expect.stringMatching(/^sent wamid\./) });
	});

	it('takes a full Cloud API message object from msg.payload', async () => {
		const { input } = await load({ operation: 'sendList', params: {} });
		const interactive = { type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections: [{ rows: [{ id: 'a', title: 'A' }] }] } };
		await input({ payload: { messaging_product: 'whatsapp', to: '+16505551234', type: 'interactive', interactive } });
		expect(emulator.state.messages[0].body.interactive).toEqual(interactive);
	});

	it('sends a message of any type from msg.payload with Send Message (JSON)', async () => {
		const { input, lastStatus } = await load({ operation: 'sendJson', params: {} });
		const messages = [
			{ to: '+16505551234', type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'Receipt' } },
			{ to: '+16505551234', type: 'location', location: { latitude: 37.48, longitude: -122.15 } },
			{ to: '+16505551234', type: 'interactive', interactive: { type: 'button', body: { text: 'OK?' }, action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }] } } },
		];
		for (const message of messages) {
			const msg = await input({ payload: message });
			expect(msg.payload.messageId).toBe(emulator.state.messages.at(-1)!.id);
		}
		expect(emulator.state.messages.map((m) => m.body)).toEqual(messages.map((message) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message })));
		expect(lastStatus()).toMatchObject({ fill: 'green', text: expect.stringMatching(/^sent wamid\./) });
	});

	it.each([
		['sendText', { to: '+16505551234', type: 'image', image: { link: 'https://example.com/a.jpg' } }, 'this node sends text; msg.payload is an image message'],
		['sendButtons', { to: '+16505551234', type: 'interactive', interactive: { type: 'list', body: { text: 'Pick' } } }, 'this node sends reply buttons; msg.payload is an interactive list message'],
		['sendTemplate', { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hi' } }, 'this node sends templates; msg.payload is a text message'],
	])('a %s node given a message of another type says so, and sends nothing', async (operation, payload, problem) => {
		const { input, lastStatus } = await load({ operation, params: { body: 'from the form', template: 'order_update' } });
		const error = await input({ payload }).catch((e) => e);
		expect(error.message).toContain(`Invalid msg.payload: ${problem}. Send Message (JSON) sends a message of any type`);
		expect(lastStatus()).toMatchObject({ fill: 'red', text: 'invalid msg.payload' });
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('uploads a Buffer in msg.payload and sends it as an image by its media id', async () => {
		const { input } = await load({ operation: 'sendImage', params: { to: '+16505551234', mediaSource: 'file', caption: 'Receipt' } });
		const msg = await input({ payload: JPEG });
		const [stored] = emulator.state.media.values();
		expect(stored).toMatchObject({ mimeType: 'image/jpeg' });
		expect(stored.bytes.equals(JPEG)).toBe(true);
		expect(emulator.state.messages[0].body.image).toEqual({ id: stored.id, caption: 'Receipt' });
		expect(msg.payload).toMatchObject({ mediaId: stored.id, messageId: expect.stringMatching(/^wamid\./) });
	});

	it('downloads media into a Buffer in msg.payload with its type and details', async () => {
		const upload = await load({ resource: 'media', operation: 'upload', params: {} });
		const { payload: uploaded } = await upload.input({ payload: JPEG, filename: 'r.jpg' });
		await helper.unload();
		const { input, lastStatus } = await load({ resource: 'media', operation: 'download', params: { mediaId: uploaded.id } });
		const msg = await input({ payload: 'go' });
		expect(Buffer.isBuffer(msg.payload)).toBe(true);
		expect(msg.payload.equals(JPEG)).toBe(true);
		expect(msg.mimeType).toBe('image/jpeg');
		expect(msg.media).toMatchObject({ mediaId: uploaded.id, fileSize: JPEG.length, fileName: `${uploaded.id}.jpg` });
		expect(lastStatus()).toMatchObject({ fill: 'green', text: 'downloaded 1 KB' });
	});

	it('marks a message as read with the typing indicator from msg.payload overrides', async () => {
		const { input, lastStatus } = await load({ operation: 'markRead', params: {} });
		const msg = await input({ payload: { messageId: 'wamid.HBgLMTY1MDU1NTEyMzQ', typingIndicator: true } });
		expect(msg.payload).toEqual({ success: true });
		expect(emulator.state.requests.find((r) => r.method === 'POST')?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ', typing_indicator: { type: 'text' } });
		expect(lastStatus()).toMatchObject({ text: 'marked as read' });
	});

	it('sends invalid input to Catch with the field and the limit, and sends nothing', async () => {
		const { input, lastStatus } = await load({ operation: 'sendButtons', params: { to: '+16505551234', body: 'Q', buttons: '["A","B","C","D"]' } });
		const error = await input({ payload: {} }).catch((e) => e);
		expect(error.message).toContain('Buttons (JSON) (buttons): must have at most 3 buttons, got 4');
		expect(lastStatus()).toMatchObject({ fill: 'red' });
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});

	it('sends a Graph error to Catch with its code in msg.whatsappError', async () => {
		const { input, lastStatus } = await load({ operation: 'sendTemplate', params: { to: '+16505551234', template: 'no_such_template' } });
		const error = await input({ payload: {} }).catch((e) => e);
		expect(error.message).toContain('WhatsApp error 132001');
		expect(error.msg.whatsappError).toMatchObject({ code: 132001 });
		expect(lastStatus()).toMatchObject({ fill: 'red', text: 'error 132001' });
		expect(error.message).not.toContain(TOKEN);
	});
});

describe('whatsapp-platform-send under the emulator\'s faults', () => {
	/** Sends `count` texts one after another; each ends with a result or an error, never hangs. */
	async function sendTexts(count: number, to: string) {
		const { input } = await load({ operation: 'sendText', params: { to } });
		const outcomes: Array<{ body: string; messageId?: string; error?: string }> = [];
		for (let i = 0; i < count; i++) {
			const body = `item ${i}`;
			const outcome = await input({ payload: { body } }).then(
				(msg) => ({ body, messageId: msg.payload.messageId as string }),
				(error: Error) => ({ body, error: error.message }),
			);
			outcomes.push(outcome);
		}
		return outcomes;
	}

	const sentTimes = (body: string) => emulator.state.messages.filter((m) => (m.body.text as { body: string }).body === body).length;

	let recipient = 16505550100;
	it.each([
		['an HTTP 500 (131000) before processing', { kind: 'error', code: 131000, path: '/messages$' }],
		['a connection reset before processing', { kind: 'reset', path: '/messages$' }],
		['a slow answer', { kind: 'slow', delayMs: 1500, path: '/messages$' }],
		['a connection reset after the message was sent', { kind: 'reset', after: true, path: '/messages$' }],
	] as const)('%s: every item ends with a result or a clear error, the flow goes on, nothing is sent twice', async (_what, fault) => {
		emulator.faults.add({ ...fault });
		// Each case its own recipient: the pair rate limit is not what this is about.
		const outcomes = await sendTexts(3, `+${recipient++}`);
		for (const outcome of outcomes) {
			if (outcome.messageId) expect(outcome.messageId).toMatch(/^wamid\./);
			else expect(outcome.error).toMatch(/WhatsApp error \d+|Graph API|did not answer|Could not reach/);
			expect(sentTimes(outcome.body)).toBeLessThanOrEqual(1);
			// A reported success is a message the platform holds.
			if (outcome.messageId) expect(emulator.state.messages.some((m) => m.id === outcome.messageId)).toBe(true);
		}
		// The fault hit the first item only: the others went through.
		expect(outcomes.slice(1).every((o) => o.messageId)).toBe(true);
	});
});

describe('whatsapp-platform-send: media from a Buffer under faults of the upload', () => {
	it.each([
		['an HTTP 500 on the upload', { kind: 'error', code: 131000, path: '/media$' }],
		['a connection reset on the upload', { kind: 'reset', path: '/media$' }],
		['a lost answer after the upload was stored', { kind: 'reset', after: true, path: '/media$' }],
	] as const)('%s: each item ends with a result or a clear error, and no image is sent twice', async (_what, fault) => {
		emulator.faults.add({ ...fault });
		const { input } = await load({ operation: 'sendImage', params: { to: '+16505550199', mediaSource: 'file' } });
		const outcomes: Array<{ messageId?: string; error?: string }> = [];
		for (let i = 0; i < 3; i++) {
			outcomes.push(await input({ payload: JPEG }).then((msg) => ({ messageId: msg.payload.messageId as string }), (error: Error) => ({ error: error.message })));
		}
		for (const outcome of outcomes) {
			if (outcome.error) expect(outcome.error).toMatch(/WhatsApp error \d+|Graph API|did not answer|Could not reach/);
			else expect(emulator.state.messages.some((m) => m.id === outcome.messageId)).toBe(true);
		}
		// One image message per successful item, none for a failed one.
		expect(emulator.state.messages).toHaveLength(outcomes.filter((o) => o.messageId).length);
		expect(outcomes.slice(1).every((o) => o.messageId)).toBe(true);
	});
});

describe('the send node\'s form lookups through a deployed account', () => {
	it('lists the phone numbers and the approved templates with their fields', async () => {
		await load({ operation: 'sendTemplate', params: {} });
		const numbers = await helper.request().get('/whatsapp-platform/acct/phone-numbers').expect(200);
		expect(numbers.body).toContainEqual({ value: PHONE_NUMBER_ID, label: 'Flowpace Demo (+15550783881)' });
		const templates = await helper.request().get('/whatsapp-platform/acct/templates').expect(200);
		const order = templates.body.find((t: { value: string }) => t.value === 'order_update|en_US');
		expect(order.fields.map((f: { id: string }) => f.id)).toEqual(['header.image', 'body.first_name', 'body.order_number', 'button.0.url']);
		expect(templates.body.map((t: { value: string }) => t.value)).not.toContain('welcome_pending|en_US');
		await helper.request().get('/whatsapp-platform/nope/templates').expect(404);
	});

	it('are served by the config node\'s module, so the manage node\'s form has them without a send node', async () => {
		const flow = [{ id: 'acct', type: 'whatsapp-platform-config', wabaId: '102290129340398', phoneNumberId: '', apiVersion: 'v24.0', baseUrl: emulator.url }];
		await helper.load([registerConfig], flow, { acct: { accessToken: TOKEN } });
		const catalog = await helper.request().get('/whatsapp-platform/catalog').expect(200);
		expect(catalog.body.operations.map((op: { resource: string; operation: string }) => `${op.resource}.${op.operation}`)).toContain('message.sendText');
		expect(catalog.body.resources.find((r: { name: string }) => r.name === 'message').offeredBy).toContain('node-red-send');
		const numbers = await helper.request().get('/whatsapp-platform/acct/phone-numbers').expect(200);
		expect(numbers.body).toContainEqual({ value: PHONE_NUMBER_ID, label: 'Flowpace Demo (+15550783881)' });
	});

	it('look up on the paced path: a transient fault is retried; an account without a WABA ID is told so', async () => {
		await load({ operation: 'sendTemplate', params: {} });
		emulator.faults.add({ kind: 'error', code: 131000, path: '/message_templates$', method: 'GET' });
		const templates = await helper.request().get('/whatsapp-platform/acct/templates').expect(200);
		expect(templates.body.map((t: { value: string }) => t.value)).toContain('order_update|en_US');
		expect(emulator.state.requests.filter((r) => r.path.endsWith('/message_templates'))).toHaveLength(2);

		const flow = [{ id: 'acct', type: 'whatsapp-platform-config', wabaId: ' ', phoneNumberId: '', apiVersion: 'v24.0', baseUrl: emulator.url }];
		await helper.unload();
		await helper.load([registerConfig], flow, { acct: { accessToken: TOKEN } });
		const missing = await helper.request().get('/whatsapp-platform/acct/phone-numbers').expect(400);
		expect(missing.body.error).toContain('Set the WhatsApp Business Account ID in the credential');
	});
});
