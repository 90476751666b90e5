import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deduplicator, dedupKey, normalise, parseDelivery, verifySignature, WebhookReceiver, type WebhookEvent } from '../../nodes/shared/webhook';

const DIR = join(__dirname, '..', 'fixtures', 'webhooks-published');
const SECRET = 'app-secret-0123456789abcdef';
const VERIFY = 'verify-token-0123456789';
const fixtures = Object.fromEntries(
	readdirSync(DIR)
		.filter((f) => f.endsWith('.json'))
		.map((f) => [f.replace(/\.json$/, ''), readFileSync(join(DIR, f))]),
);
/** Signed as the platform signs: HMAC-SHA256 of the bytes as they are, lowercase hex. */
const sign = (raw: Uint8Array, secret = SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
const receiver = (options: Partial<ConstructorParameters<typeof WebhookReceiver>[0]> = {}) =>
	new WebhookReceiver({ appSecret: SECRET, verifyToken: VERIFY, now: () => 1_700_000_000_000, ...options });

describe('verification handshake', () => {
	it('answers the challenge for hub.mode=subscribe and the right token, 403 otherwise', () => {
		const r = receiver();
		expect(r.handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY, 'hub.challenge': '1158201444' })).toMatchObject({ status: 200, body: '1158201444' });
		expect(r.handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }).status).toBe(403);
		expect(r.handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY + 'x', 'hub.challenge': '1' }).status).toBe(403);
		expect(r.handshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY, 'hub.challenge': '1' }).status).toBe(403);
		expect(r.handshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }).status).toBe(403);
	});

	it('refuses every handshake when no verify token is configured, even an empty one', () => {
		const answer = receiver({ verifyToken: '' }).handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' });
		expect(answer.status).toBe(403);
		expect(answer.body).toContain('no verify token');
	});
});

describe('every fixture, signed as the platform signs it', () => {
	it.each(Object.keys(fixtures))('%s verifies, and fails with a wrong secret or one changed byte', (name) => {
		const raw = fixtures[name];
		expect(verifySignature(raw, sign(raw), SECRET)).toBe(true);
		expect(verifySignature(raw, sign(raw, SECRET + '!'), SECRET)).toBe(false);
		const tampered = Buffer.from(raw);
		tampered[tampered.length >> 1] ^= 0x01;
		expect(verifySignature(tampered, sign(raw), SECRET)).toBe(false);
		expect(receiver().receive(tampered, sign(raw))).toMatchObject({ status: 401, events: [] });
		expect(receiver().receive(raw, undefined)).toMatchObject({ status: 401, events: [] });
	});

	it('normalises an inbound text with its sender, name, number and ISO time', () => {
		const [event] = receiver().receive(fixtures['meta-text'], sign(fixtures['meta-text'])).events;
		expect(event).toMatchObject({
			kind: 'message',
			field: 'messages',
			wabaId: '102290129340398',
			phoneNumberId: '106540352242922',
			displayPhoneNumber: '15550783881',
			from: '16505551234',
			contactName: 'Sheena Nelson',
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
			messageType: 'text',
			text: 'Does it come in another color?',
			timestamp: '2025-06-08T20:59:43.000Z',
		});
		expect(event.change.field).toBe('messages');
		expect(event.change.value.messages).toHaveLength(1);
	});

	it('normalises an image with its media id, mime type and caption', () => {
		const [event] = normalise(parseDelivery(fixtures['meta-image']));
		expect(event).toMatchObject({ kind: 'message', messageType: 'image', mediaId: '1003383421387256', mimeType: 'image/jpeg', text: 'Taj Mahal' });
	});

	it('normalises statuses with pricing, conversation, errors and tracking data', () => {
		const [delivered] = normalise(parseDelivery(fixtures['meta-status-delivered-cbp']));
		expect(delivered).toMatchObject({
			kind: 'status',
			status: 'delivered',
			recipientId: '16505551234',
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
			pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
			conversation: { id: '6ceb9d929c9bdc4f90e967a32f8639b4' },
		});
		const [failed] = normalise(parseDelivery(fixtures['bindambc-status-failed-131047']));
		expect(failed).toMatchObject({ kind: 'status', status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
		const [sent] = normalise(parseDelivery(fixtures['pywa-status-with-tracker']));
		expect(sent).toMatchObject({ kind: 'status', status: 'sent', trackingData: 'some data', timestamp: '2023-10-25T20:49:05.000Z' });
		const [sentBi] = normalise(parseDelivery(fixtures['bindambc-status-sent-business-initiated']));
		expect(sentBi).toMatchObject({ status: 'sent', conversation: { expiration_timestamp: '1673031000' } });
	});

	it('normalises replies, flows and orders', () => {
		const [flow] = normalise(parseDelivery(fixtures['pywa-flow-completion']));
		expect(flow).toMatchObject({ messageType: 'interactive', text: 'Sent', context: { from: '972123456789', messageId: 'wamid.gvwegfretge==' } });
		expect(flow).toMatchObject({
			flowName: 'flow',
			flowToken: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.',
			flowResponse: { comment_text: 'Comment Text', delivery_rating: '4', flow_token: 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.', purchase_rating: '2', recommend_radio: '0', cs_rating: '0' },
		});
		const [order] = normalise(parseDelivery(fixtures['pywa-order']));
		expect(order).toMatchObject({ kind: 'message', messageType: 'order', messageId: 'wamid.xyzxyz', contactName: 'Test Name' });
		expect((order.item as { order: { product_items: unknown[] } }).order.product_items).toHaveLength(3);
	});

	it('normalises template status and phone number quality updates with their entry time', () => {
		const [template] = normalise(parseDelivery(fixtures['meta-template-status-approved']));
		expect(template).toMatchObject({ kind: 'template_status', field: 'message_template_status_update', status: 'APPROVED', from: '1689556908129832', timestamp: '2025-06-30T01:39:08.000Z' });
		const [quality] = normalise(parseDelivery(fixtures['bindambc-phone-quality-flagged']));
		expect(quality).toMatchObject({ kind: 'phone_number_quality', status: 'FLAGGED', displayPhoneNumber: '16505551111', wabaId: 'waba-id' });
	});

	it('walks every change: two changes with the same wamid become two events, then one after dedup', () => {
		const raw = fixtures['netflie-two-changes-same-id'];
		const all = normalise(parseDelivery(raw));
		expect(all.map((e) => e.text)).toEqual(['MESSAGE_BODY', 'MESSAGE_BODY2']);
		expect(receiver().receive(raw, sign(raw)).events.map((e) => e.text)).toEqual(['MESSAGE_BODY']);
	});

	it('links fixtures that reuse an id: the order (message) and its read and sent statuses are three keys', () => {
		const keys = ['pywa-order', 'pywa-status-read', 'pywa-status-with-tracker'].map((name) => dedupKey(normalise(parseDelivery(fixtures[name]))[0]));
		expect(keys).toEqual(['message:wamid.xyzxyz', 'status:wamid.xyzxyz:read', 'status:wamid.xyzxyz:sent']);
		const r = receiver();
		for (const name of ['pywa-order', 'pywa-status-read', 'pywa-status-with-tracker']) expect(r.receive(fixtures[name], sign(fixtures[name])).events).toHaveLength(1);
		// A redelivery of any fixture (the platform retries) starts nothing the second time.
		for (const name of Object.keys(fixtures)) r.receive(fixtures[name], sign(fixtures[name]));
		for (const name of Object.keys(fixtures)) expect(r.receive(fixtures[name], sign(fixtures[name])).events, name).toHaveLength(0);
	});
});

describe('malformed and oversized bodies', () => {
	it('answers 400 to signed bodies that are not a WhatsApp delivery', () => {
		for (const text of ['not json', '[]', '{"object":"page","entry":[]}', '{"object":"whatsapp_business_account"}']) {
			const raw = Buffer.from(text);
			const answer = receiver().receive(raw, sign(raw));
			expect(answer.status, text).toBe(400);
			expect(answer.body).toMatch(/^Malformed webhook body/);
			expect(answer.events).toEqual([]);
		}
	});

	it('answers 413 past 3 MB, and 401 when no app secret is configured', () => {
		const big = Buffer.alloc(3 * 1024 * 1024 + 1, 0x20);
		expect(receiver().receive(big, sign(big)).status).toBe(413);
		const raw = fixtures['meta-text'];
		expect(receiver({ appSecret: '' }).receive(raw, sign(raw, ''))).toMatchObject({ status: 401, events: [] });
	});
});

describe('filters', () => {
	const statuses = (kinds: string[], phone = '106540352242922') =>
		Buffer.from(
			JSON.stringify({
				object: 'whatsapp_business_account',
				entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: phone }, statuses: kinds.map((s, i) => ({ id: `wamid.${i}`, status: s, timestamp: '1' })) } }] }],
			}),
		);

	it('keeps only the selected status kinds, fields and phone numbers', () => {
		const raw = statuses(['sent', 'delivered', 'read', 'failed']);
		const pick = (filter: object, body = raw) => receiver({ filter }).receive(body, sign(body)).events.map((e: WebhookEvent) => e.status);
		expect(pick({ statuses: ['read', 'failed'] })).toEqual(['read', 'failed']);
		// Each event carries its change narrowed to its own item, so 1,000 updates stay 1,000 small runs.
		const events = receiver().receive(raw, sign(raw)).events;
		expect(events.map((e) => e.change.value.statuses)).toEqual(events.map((e) => [e.item]));
		expect(events[0].change.value.metadata).toEqual({ phone_number_id: '106540352242922' });
		expect(pick({ fields: ['message_template_status_update'] })).toEqual([]);
		expect(pick({ phoneNumberIds: ['999'] })).toEqual([]);
		expect(pick({ phoneNumberIds: ['106540352242922'] })).toHaveLength(4);
		const template = fixtures['meta-template-status-approved'];
		expect(pick({ fields: ['message_template_status_update'], phoneNumberIds: ['999'] }, template)).toEqual(['APPROVED']);
	});
});

describe('deduplication memory', () => {
	it('forgets keys after the window and never holds more than maxEntries', () => {
		let now = 0;
		const dedup = new Deduplicator({ windowMs: 1000, maxEntries: 3, now: () => now });
		expect(dedup.firstSeen('a')).toBe(true);
		expect(dedup.firstSeen('a')).toBe(false);
		now = 999;
		expect(dedup.firstSeen('a')).toBe(false);
		now = 2000;
		expect(dedup.firstSeen('a')).toBe(true);
		for (const key of ['b', 'c', 'd', 'e']) dedup.firstSeen(key);
		expect(dedup.size).toBe(3);
		expect(dedup.firstSeen('e')).toBe(false);
		expect(dedup.firstSeen('a')).toBe(true);
	});

	it('lets every duplicate through with a window of 0', () => {
		const raw = fixtures['meta-text'];
		const r = receiver({ dedupWindowMs: 0 });
		expect(r.receive(raw, sign(raw)).events).toHaveLength(1);
		expect(r.receive(raw, sign(raw)).events).toHaveLength(1);
	});
});
