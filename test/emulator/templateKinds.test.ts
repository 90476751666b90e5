import { describe, expect, it } from 'vitest';
import { useCallbackCapture } from './callbackCapture';
import { call, TOKEN, useEmulator } from './testClient';

const env = useEmulator();
const hook = useCallbackCapture();
const WABA = '/v24.0/102290129340398';
const APP = '1199620111111111';
const create = (body: object) => call(env.emulator, 'POST', `${WABA}/message_templates`, body);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 500 }, (_, i) => i % 251)]);
const PDF = Buffer.from('%PDF-1.7\nsample');

/** Uploads a file through the emulator's Resumable Upload API and returns its handle. */
async function uploaded(bytes: Buffer, type: string) {
	const session = (await call(env.emulator, 'POST', `/v24.0/${APP}/uploads?file_length=${bytes.length}&file_type=${type}`)).body.id;
	const response = await fetch(`${env.emulator.url}/v24.0/${session}`, { method: 'POST', headers: { authorization: `OAuth ${TOKEN}`, file_offset: '0' }, body: new Uint8Array(bytes) });
	return ((await response.json()) as { h: string }).h;
}

const card = (handle: string, extra: object[] = [{ type: 'buttons', buttons: [{ type: 'quick_reply', text: 'More' }] }]) => ({ components: [{ type: 'header', format: 'image', example: { header_handle: [handle] } }, ...extra] });
const offer = (components: object[]) => ({ name: 'offer', language: 'en_US', category: 'MARKETING', components });
const offerParts = [
	{ type: 'limited_time_offer', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
	{ type: 'body', text: 'Good news! Use code CARIBE25.' },
	{ type: 'buttons', buttons: [{ type: 'copy_code', example: 'CARIBE25' }, { type: 'url', text: 'Book', url: 'https://x.com/o' }] },
];

describe('emulator: templates with media samples from the Resumable Upload API', () => {
	it('creates a template whose image header sample is a handle it issued', async () => {
		const handle = await uploaded(JPEG, 'image/jpeg');
		const answer = await create({ name: 'with_photo', language: 'en_US', category: 'UTILITY', components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } }, { type: 'BODY', text: 'Your photo.' }] });
		expect(answer.body).toMatchObject({ status: 'PENDING' });
	});

	it('refuses a handle of another type than the header, and one that has expired', async () => {
		const pdf = await uploaded(PDF, 'application/pdf');
		const wrong = await create({ name: 'wrong_type', language: 'en_US', category: 'UTILITY', components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [pdf] } }, { type: 'BODY', text: 'Hi.' }] });
		expect(wrong.body.error.error_data.details).toBe('the IMAGE header takes image/jpeg or image/png; the uploaded file is application/pdf.');
		const jpeg = await uploaded(JPEG, 'image/jpeg');
		env.emulator.clock.advance(31 * 86_400_000);
		const expired = await create({ name: 'expired', language: 'en_US', category: 'UTILITY', components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [jpeg] } }, { type: 'BODY', text: 'Hi.' }] });
		expect(expired.body.error).toMatchObject({ code: 100, error_subcode: 2388273 });
	});
});

describe('emulator: media card carousel templates', () => {
	it('takes a body and 2 to 10 alike cards, in lower case as Meta\'s page writes them', async () => {
		expect((await create({ name: 'carousel', language: 'en_US', category: 'MARKETING', components: [{ type: 'body', text: 'Rare plants!' }, { type: 'carousel', cards: [card('4::a'), card('4::b')] }] })).body.status).toBe('PENDING');
	});

	it.each([
		['one card', [card('4::a')], 'needs 2 to 10 cards, got 1'],
		['cards that differ', [card('4::a'), card('4::b', [])], 'must have the same components'],
		['three buttons on a card', [card('4::a', [{ type: 'buttons', buttons: [{ type: 'quick_reply', text: 'A' }, { type: 'quick_reply', text: 'B' }, { type: 'quick_reply', text: 'C' }] }]), card('4::b')], 'a card has at most 2'],
		['a card body over 160 characters', [card('4::a', [{ type: 'body', text: 'x'.repeat(161) }]), card('4::b', [{ type: 'body', text: 'y' }])], 'must be at most 160 characters'],
	])('refuses %s', async (_what, cards, details) => {
		const { body } = await create({ name: 'carousel', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Rare plants!' }, { type: 'CAROUSEL', cards }] });
		expect(body.error.error_data.details).toContain(details);
	});

	it('refuses a carousel outside MARKETING, and a footer beside it', async () => {
		const cards = [card('4::a'), card('4::b')];
		expect((await create({ name: 'c1', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi!' }, { type: 'CAROUSEL', cards }] })).body.error.error_data.details).toBe('Carousel templates are MARKETING templates.');
		expect((await create({ name: 'c2', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi!' }, { type: 'FOOTER', text: 'x' }, { type: 'CAROUSEL', cards }] })).body.error.error_data.details).toContain('not FOOTER');
	});
});

describe('emulator: limited-time offer templates', () => {
	it('takes the offer, a body, the copy code first and a URL button', async () => {
		expect((await create(offer(offerParts))).body.status).toBe('PENDING');
	});

	it.each([
		['an offer text over 16', [{ type: 'limited_time_offer', limited_time_offer: { text: 'x'.repeat(17) } }, ...offerParts.slice(1)], 'must be at most 16 characters'],
		['a footer', [...offerParts, { type: 'footer', text: 'x' }], 'has no footer'],
		['the code after the URL with has_expiration', [...offerParts.slice(0, 2), { type: 'buttons', buttons: [{ type: 'url', text: 'Book', url: 'https://x.com/o' }, { type: 'copy_code', example: 'A' }] }], 'must come first'],
		['no URL button', [...offerParts.slice(0, 2), { type: 'buttons', buttons: [{ type: 'copy_code', example: 'A' }] }], 'needs a URL button'],
		['a body over 600', [offerParts[0], { type: 'body', text: 'x'.repeat(601) }, offerParts[2]], 'must be at most 600 characters'],
	])('refuses %s', async (_what, components, details) => {
		expect((await create(offer(components))).body.error.error_data.details).toContain(details);
	});
});

describe('emulator: a template\'s review, later than its creation', () => {
	it('approves through the control API and sends the status webhook to the callback', async () => {
		env.emulator.options.callbackUrl = hook.url;
		const { id } = (await create({ name: 'reviewed', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi.' }] })).body;
		const review = await fetch(`${env.emulator.url}/__emulator/templates/${id}/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'REJECTED', reason: 'INVALID_FORMAT' }) });
		expect(await review.json()).toEqual({ id, status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
		await env.emulator.webhooks.idle();
		expect(hook.changes()).toEqual([{ field: 'message_template_status_update', value: expect.objectContaining({ event: 'REJECTED', message_template_id: Number(id), reason: 'INVALID_FORMAT' }) }]);
		expect((await call(env.emulator, 'GET', `/v24.0/${id}?fields=status,rejected_reason`)).body).toEqual({ id, status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
		env.emulator.options.callbackUrl = undefined;
	});

	it('refuses an unknown status or reason', async () => {
		const post = (body: object) => fetch(`${env.emulator.url}/__emulator/templates/594425479261600/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect((await post({ status: 'MAYBE' })).status).toBe(400);
		expect((await post({ status: 'REJECTED', reason: 'UGLY' })).status).toBe(400);
	});
});
