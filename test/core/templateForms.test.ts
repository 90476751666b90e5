import { describe, expect, it } from 'vitest';
import { reviewTemplate } from '../../emulator/routes/templates';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { filesOf, jpeg, pdf } from './files.helpers';
import { accountFor, failure, graphCalls, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const APP_ID = '1199620111111111';
/** A handle of Meta's shape, expiring at this UNIX second. */
const handleUntil = (seconds: number) => `4::aW1hZ2UvanBlZw==:ARaSample:e:${seconds}:${APP_ID}:ARbSig`;
const future = () => handleUntil(Math.floor(Date.now() / 1000) + 86_400);
const created = () => graphCalls(emulator()).find((r) => r.method === 'POST' && r.path.endsWith('/message_templates'))!.body as any;

const offer = {
	name: 'caribbean_offer',
	category: 'MARKETING',
	templateType: 'limitedTimeOffer',
	headerFormat: 'IMAGE',
	headerHandle: '4::aW1hZ2U=',
	offerText: 'Expiring offer!',
	offerHasExpiration: true,
	body: 'Good news, {{1}}! Use code {{2}} to get 25% off.',
	bodyExamples: '["Pablo", "CARIBE25"]',
	offerCode: 'CARIBE25',
	offerUrlButtonText: 'Book now!',
	offerUrlButtonUrl: 'https://example.com/offers?code={{1}}',
	offerUrlExample: 'https://example.com/offers?code=CARIBE25',
};

const carousel = {
	name: 'rare_succulents',
	category: 'MARKETING',
	templateType: 'carousel',
	body: 'Rare succulents for sale, {{1}}!',
	bodyExamples: '["Pablo"]',
	cardHeaderFormat: 'IMAGE',
	cardMediaSource: 'handle',
	cardMedia: '4::aW1hZ2U=one, 4::aW1hZ2U=two',
	cardBodies: 'Blue Elf\nBuddha {{1}}',
	cardBodyExamples: '[[], ["temple"]]',
	cardQuickReplyText: 'More like this',
	cardUrlButtonText: 'Shop',
	cardUrlButtonUrl: 'https://example.com/plants/{{1}}',
	cardUrlExamples: 'blue-elf, buddha',
};

describe('template: a media header from the flow or a URL', () => {
	it('uploads the flow\'s image through the Resumable Upload API, then creates the template with its handle', async () => {
		const files = filesOf({ sample: { data: jpeg(), mimeType: 'image/jpeg', fileName: 'order.jpg' } });
		await run('template', 'create', { name: 'order_photo', category: 'UTILITY', headerFormat: 'IMAGE', headerMediaSource: 'file', headerFileProperty: 'sample', body: 'Your order has shipped.' }, { files });
		const handles = [...emulator().state.uploads.handles.keys()];
		expect(handles).toHaveLength(1);
		expect(created().components[0]).toEqual({ type: 'HEADER', format: 'IMAGE', example: { header_handle: handles } });
		expect(graphCalls(emulator()).map((r) => `${r.method} ${r.path.replace(/upload:\S+/, 'upload:…')}`)).toEqual([`POST /v24.0/${APP_ID}/uploads`, 'POST /v24.0/upload:…', `POST /v24.0/${WABA_ID}/message_templates`]);
	});

	it('uploads a document sample from a URL', async () => {
		const url = 'https://cdn.example.com/terms.pdf';
		await run('template', 'create', { name: 'terms', category: 'UTILITY', headerFormat: 'DOCUMENT', headerMediaSource: 'url', headerMediaUrl: url, body: 'Our terms are attached.' }, { files: filesOf({}, { [url]: { contentType: 'application/pdf', body: pdf() } }) });
		expect(emulator().state.uploads.handles.get(created().components[0].example.header_handle[0])?.mimeType).toBe('application/pdf');
	});

	it.each([
		['a PDF for an image header', { headerFormat: 'IMAGE' }, { data: pdf(), mimeType: 'application/pdf' }, 'Invalid Header Input Binary Field (headerFileProperty): the file\'s type application/pdf is not accepted for an image header; allowed: image/jpeg, image/png'],
		['a video over 16 MB', { headerFormat: 'VIDEO' }, { data: new Uint8Array(16_000_001), mimeType: 'video/mp4' }, 'the file has 16,000,001 bytes; a video header may have at most 16,000,000 bytes'],
	])('refuses %s before any request', async (_what, values, file, message) => {
		const error = await failure(run('template', 'create', { name: 'bad_sample', category: 'MARKETING', headerMediaSource: 'file', body: 'Hello there.', ...values }, { files: filesOf({ data: file }) }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('refuses a handle that has expired, naming when, before any request', async () => {
		const expired = handleUntil(Math.floor(Date.now() / 1000) - 60);
		const error = await failure(run('template', 'create', { name: 'old_sample', category: 'MARKETING', headerFormat: 'IMAGE', headerHandle: expired, body: 'Hello there.' }));
		expect(error.message).toMatch(/^Invalid Header Media Handle \(headerHandle\): the handle expired at \d{4}-\d\d-\d\dT[\d:.]+Z: upload the file again/);
		expect(graphCalls(emulator())).toHaveLength(0);
		expect(await run('template', 'create', { name: 'new_sample', category: 'MARKETING', headerFormat: 'IMAGE', headerHandle: future(), body: 'Hello there.' })).toMatchObject({ status: 'PENDING' });
	});

	it('needs the App ID to upload a sample', async () => {
		const error = await failure(
			run('template', 'create', { name: 'no_app', category: 'UTILITY', headerFormat: 'IMAGE', headerMediaSource: 'file', body: 'Hi there.' }, { files: filesOf({ data: { data: jpeg(), mimeType: 'image/jpeg' } }), account: { ...accountFor(emulator()), appId: '' } }),
		);
		expect(error.message).toBe('Invalid App ID (appId): is empty: set the Meta app\'s ID in the credential to upload the template\'s samples (App Dashboard > App settings > Basic)');
	});
});

describe('template: limited-time offer', () => {
	it('builds the offer, the body of at most 600 characters, the copy code first and the URL button', async () => {
		expect(await run('template', 'create', offer)).toMatchObject({ status: 'PENDING', category: 'MARKETING' });
		expect(created().components).toEqual([
			{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
			{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
			{ type: 'BODY', text: offer.body, example: { body_text: [['Pablo', 'CARIBE25']] } },
			{ type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'CARIBE25' }, { type: 'URL', text: 'Book now!', url: offer.offerUrlButtonUrl, example: [offer.offerUrlExample] }] },
		]);
	});

	it.each([
		['an offer text over 16 characters', { offerText: 'An offer of a lifetime' }, 'Invalid Offer Text (offerText): must be at most 16 characters, got 22'],
		['a body over 600 characters', { body: `Hi {{1}}, ${'x'.repeat(600)} ok`, bodyExamples: '["Pablo"]' }, 'Invalid Body (body): must be at most 600 characters for a limited-time offer, got 613'],
		['an expiring offer without a code', { offerCode: '' }, 'Invalid Offer Code Example (offerCode): is required when the offer has an expiration'],
		['a code over 15 characters', { offerCode: 'CARIBBEAN2026SUN' }, 'Invalid Offer Code Example (offerCode): must be at most 15 characters, got 16'],
		['no URL button', { offerUrlButtonText: '' }, 'Invalid URL Button Text (offerUrlButtonText): is required: a limited-time offer has a URL button'],
		['a document header', { headerFormat: 'DOCUMENT' }, 'Invalid Header (headerFormat): a limited-time offer takes an IMAGE or VIDEO header, or none; got DOCUMENT'],
	])('refuses %s before any request', async (_what, values, message) => {
		const error = await failure(run('template', 'create', { ...offer, ...values }));
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('template: media card carousel', () => {
	it('builds the body and one card per sample, each with its body and the same buttons', async () => {
		await run('template', 'create', carousel);
		const card = (handleOf: string, body: object, example: string) => ({
			components: [
				{ type: 'HEADER', format: 'IMAGE', example: { header_handle: [handleOf] } },
				body,
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More like this' }, { type: 'URL', text: 'Shop', url: 'https://example.com/plants/{{1}}', example: [example] }] },
			],
		});
		expect(created().components).toEqual([
			{ type: 'BODY', text: 'Rare succulents for sale, {{1}}!', example: { body_text: [['Pablo']] } },
			{ type: 'CAROUSEL', cards: [card('4::aW1hZ2U=one', { type: 'BODY', text: 'Blue Elf' }, 'blue-elf'), card('4::aW1hZ2U=two', { type: 'BODY', text: 'Buddha {{1}}', example: { body_text: [['temple']] } }, 'buddha')] },
		]);
	});

	it('uploads each card\'s file from the flow, all read before the first upload', async () => {
		const files = filesOf({ one: { data: jpeg(), mimeType: 'image/jpeg' }, two: { data: jpeg(2000), mimeType: 'image/jpeg' } });
		await run('template', 'create', { ...carousel, cardMediaSource: 'file', cardMedia: 'one,two', cardBodies: '' }, { files });
		const cards = created().components[1].cards;
		expect(cards.map((c: any) => emulator().state.uploads.handles.has(c.components[0].example.header_handle[0]))).toEqual([true, true]);
	});

	it.each([
		['one card', { cardMedia: 'h1' , cardBodies: 'One', cardUrlExamples: 'a' }, 'Invalid Card Samples (cardMedia): must name 2 to 10 cards, one sample each, got 1'],
		['eleven cards', { cardMedia: Array.from({ length: 11 }, (_, i) => `h${i}`).join(','), cardBodies: '' }, 'got 11'],
		['bodies on some cards only', { cardBodies: 'Blue Elf' }, 'Invalid Card Bodies (cardBodies): must have one text per card, on every card or on none: 2 cards, got 1'],
		['a card body over 160 characters', { cardBodies: `${'x'.repeat(161)}\nok` }, 'Invalid Card Bodies (cardBodies): card 1: must be at most 160 characters, got 161'],
		['three buttons on a card', { cardPhoneButtonText: 'Call', cardPhoneNumber: '+15550051310' }, 'a card has at most 2 buttons'],
		['a URL variable without a sample per card', { cardUrlExamples: 'blue-elf' }, 'Invalid Card URL Examples (cardUrlExamples): needs one sample value per card for {{1}}: 2 cards, got 1'],
	])('refuses %s before any request', async (_what, values, message) => {
		const error = await failure(run('template', 'create', { ...carousel, ...values }));
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('refuses a card file of a type the header does not take before any upload', async () => {
		const files = filesOf({ one: { data: jpeg(), mimeType: 'image/jpeg' }, two: { data: pdf(), mimeType: 'application/pdf' } });
		const error = await failure(run('template', 'create', { ...carousel, cardMediaSource: 'file', cardMedia: 'one,two' }, { files }));
		expect(error.message).toContain('Invalid Card Samples (cardMedia), card 2: the file\'s type application/pdf is not accepted for an image header');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('template: update with form fields', () => {
	it('reads the template\'s category and parameter format, then replaces its components with the form\'s', async () => {
		const { id } = await run('template', 'create', { ...carousel, name: 'carousel_v2' });
		reviewTemplate(emulator(), id, 'REJECTED', 'INVALID_FORMAT');
		const before = graphCalls(emulator()).length;
		expect(await run('template', 'update', { templateId: id, editWith: 'fields', ...carousel, cardBodies: 'Blue Elf\nBuddha' })).toEqual({ success: true });
		const [read, edit] = graphCalls(emulator()).slice(before);
		expect(read).toMatchObject({ method: 'GET', path: `/v24.0/${id}`, query: { fields: 'category,parameter_format,status' } });
		expect((edit.body as any).components[1].cards[1].components[1]).toEqual({ type: 'BODY', text: 'Buddha' });
		expect(emulator().state.templates.get(id)?.status).toBe('REJECTED');
	});

	it('edits a limited-time offer with form fields, and keeps Components (JSON) the default', async () => {
		const { id } = await run('template', 'create', offer);
		reviewTemplate(emulator(), id, 'APPROVED');
		await run('template', 'update', { templateId: id, editWith: 'fields', ...offer, offerText: 'Last chance!' });
		expect(emulator().state.templates.get(id)?.components[1]).toEqual({ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Last chance!', has_expiration: true } });
		const error = await failure(run('template', 'update', { templateId: id }));
		expect(error.message).toBe('Invalid Components (components): is required when the category stays unchanged: there is nothing to edit');
	});

	it('accepts carousel and offer components as JSON, with their limits', async () => {
		const cards = [0, 1].map(() => ({ components: [{ type: 'header', format: 'image', example: { header_handle: ['4::x'] } }, { type: 'buttons', buttons: [{ type: 'quick_reply', text: 'More' }] }] }));
		const { id } = await run('template', 'create', { ...carousel, name: 'json_carousel' });
		reviewTemplate(emulator(), id, 'REJECTED', 'PROMOTIONAL');
		expect(await run('template', 'update', { templateId: id, components: JSON.stringify([{ type: 'body', text: 'Hello!' }, { type: 'carousel', cards }]) })).toEqual({ success: true });
		const error = await failure(run('template', 'update', { templateId: id, components: JSON.stringify([{ type: 'BODY', text: 'Hi' }, { type: 'CAROUSEL', cards: cards.slice(1) }]) }));
		expect(error.message).toContain('CAROUSEL must hold 2 to 10 cards, got 1');
	});

	it('refuses a carousel for a utility template', async () => {
		const { id } = await run('template', 'create', { name: 'plain', category: 'UTILITY', body: 'Your order has shipped.' });
		reviewTemplate(emulator(), id, 'APPROVED');
		const error = await failure(run('template', 'update', { templateId: id, editWith: 'fields', ...carousel, category: undefined }));
		expect(error.message).toBe('Invalid Template Type (templateType): a media card carousel is a MARKETING template; this one is UTILITY');
	});
});
