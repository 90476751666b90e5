import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalise, parseDelivery, verifySignature, WebhookReceiver } from '../../nodes/shared/webhook';
import { metaJson } from '../../emulator/webhooks';

const SECRET = 'app-secret-0123456789abcdef';
const sign = (raw: Uint8Array, secret = SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');

/** Inbound text messages with any Unicode (astral included), `/`, quotes and control characters. */
const message = fc.record({
	from: fc.stringMatching(/^[1-9]\d{6,14}$/),
	id: fc.string({ minLength: 1, maxLength: 40 }).map((s) => `wamid.${s}`),
	body: fc.string({ unit: 'grapheme', maxLength: 200 }),
	name: fc.string({ unit: 'binary', maxLength: 30 }),
	timestamp: fc.integer({ min: 0, max: 4_000_000_000 }),
});
const delivery = fc.array(fc.array(message, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }).map((changes) => ({
	object: 'whatsapp_business_account',
	entry: [
		{
			id: '102290129340398',
			changes: changes.map((messages) => ({
				field: 'messages',
				value: {
					messaging_product: 'whatsapp',
					metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
					contacts: messages.map((m) => ({ profile: { name: m.name }, wa_id: m.from })),
					messages: messages.map((m) => ({ from: m.from, id: m.id, timestamp: String(m.timestamp), type: 'text', text: { body: m.body } })),
				},
			})),
		},
	],
}));

describe('signature checking and parsing over generated deliveries', () => {
	it('verifies what the platform signs (escaped form) and recovers every message as sent', () => {
		fc.assert(
			fc.property(delivery, (body) => {
				const raw = Buffer.from(metaJson(body), 'utf8');
				expect(raw.every((byte) => byte < 0x80)).toBe(true);
				expect(verifySignature(raw, sign(raw), SECRET)).toBe(true);
				const events = normalise(parseDelivery(raw));
				const sent = body.entry[0].changes.flatMap((c) => c.value.messages);
				expect(events.map((e) => [e.messageId, e.text, e.from])).toEqual(sent.map((m) => [m.id, m.text.body, m.from]));
			}),
			{ numRuns: 300 },
		);
	});

	it('refuses any single-byte change of the body, and any changed signature', () => {
		fc.assert(
			fc.property(delivery, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat(), (body, at, xor, sigAt) => {
				const raw = Buffer.from(metaJson(body), 'utf8');
				const signature = sign(raw);
				const tampered = Buffer.from(raw);
				tampered[at % raw.length] ^= xor;
				expect(verifySignature(tampered, signature, SECRET)).toBe(false);
				const receiver = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'v', now: () => 0 });
				expect(receiver.receive(tampered, signature)).toMatchObject({ status: 401, events: [] });
				// A changed hex digit, a cut or an extended signature: same length check, then constant-time compare.
				const i = 7 + (sigAt % 64);
				const flipped = signature.slice(0, i) + (signature[i] === '0' ? '1' : '0') + signature.slice(i + 1);
				for (const bad of [flipped, signature.slice(0, -1), signature + '0', '', 'sha1=' + signature.slice(7)]) {
					expect(verifySignature(raw, bad, SECRET)).toBe(false);
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('never signs a re-serialised decoded body the same as the escaped form when it holds non-ASCII or /', () => {
		fc.assert(
			fc.property(delivery, (body) => {
				const escaped = Buffer.from(metaJson(body), 'utf8');
				const decoded = Buffer.from(JSON.stringify(body), 'utf8');
				expect(verifySignature(decoded, sign(escaped), SECRET)).toBe(escaped.equals(decoded));
			}),
			{ numRuns: 200 },
		);
	});

	it('answers 400, never throws, for any signed bytes that are not a delivery', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
				const receiver = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'v', now: () => 0 });
				const answer = receiver.receive(bytes, sign(bytes));
				expect([200, 400]).toContain(answer.status);
			}),
			{ numRuns: 500 },
		);
	});
});
