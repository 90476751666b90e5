import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { PHONE_NUMBER_ID, TO, TOKEN, failure, runner } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const x = (n: number) => 'x'.repeat(n);
const WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQ';
const CATALOG = '367025965434465';
const sendJson = (message: unknown) => run('message', 'sendJson', { message });
const interactive = (object: Record<string, unknown>) => ({ to: TO, type: 'interactive', interactive: object });

/** One message of every kind Send Message (JSON) sends, as an AI agent or a Code node writes it. */
const accepted: Array<[string, Record<string, unknown>]> = [
	['text, replying, with tracking data', { to: TO, type: 'text', text: { body: 'Hello', preview_url: true }, context: { message_id: WAMID }, biz_opaque_callback_data: 'order-1' }],
	['image by link', { to: TO, type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'Your receipt' } }],
	['video by id', { to: TO, type: 'video', video: { id: '1037543291543636', caption: 'Clip' } }],
	['audio as a voice note', { to: TO, type: 'audio', audio: { link: 'https://example.com/v.ogg', voice: true } }],
	['document with a file name', { to: TO, type: 'document', document: { link: 'https://example.com/i.pdf', filename: 'invoice-4711.pdf', caption: 'Invoice' } }],
	['sticker', { to: TO, type: 'sticker', sticker: { link: 'https://example.com/s.webp' } }],
	['location', { to: TO, type: 'location', location: { latitude: 37.4847, longitude: -122.148, name: 'Menlo Park', address: '1 Hacker Way' } }],
	['contacts', { to: TO, type: 'contacts', contacts: [{ name: { formatted_name: 'Jane Doe', first_name: 'Jane' }, phones: [{ phone: '+16505550000', type: 'WORK', wa_id: '16505550000' }] }] }],
	['reaction', { to: TO, type: 'reaction', reaction: { message_id: WAMID, emoji: '👍🏽' } }],
	[
		'template with components',
		{
			to: TO,
			type: 'template',
			template: {
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
				],
			},
		},
	],
	[
		'interactive reply buttons with an image header',
		interactive({
			type: 'button',
			header: { type: 'image', image: { link: 'https://example.com/h.png' } },
			body: { text: 'Confirm?' },
			footer: { text: 'Flowpace' },
			action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
		}),
	],
	[
		'interactive list',
		interactive({ type: 'list', header: { type: 'text', text: 'Menu' }, body: { text: 'Pick one' }, action: { button: 'Choose', sections: [{ title: 'Pizza', rows: [{ id: 'p1', title: 'Margherita', description: 'Tomato' }] }] } }),
	],
	['interactive CTA URL', interactive({ type: 'cta_url', body: { text: 'Book a table' }, action: { name: 'cta_url', parameters: { display_text: 'See dates', url: 'https://example.com/b' } } })],
	['interactive call button', interactive({ type: 'voice_call', body: { text: 'Call us' }, action: { name: 'voice_call', parameters: { display_text: 'Call now', ttl_minutes: 60 } } })],
	['interactive call permission request', interactive({ type: 'call_permission_request', body: { text: 'May we call you?' }, action: { name: 'call_permission_request' } })],
	['interactive location request', interactive({ type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } })],
	[
		'interactive flow',
		interactive({
			type: 'flow',
			body: { text: 'Book' },
			action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book now', flow_action: 'navigate', flow_action_payload: { screen: 'WELCOME', data: { a: 1 } } } },
		}),
	],
	['interactive single product', interactive({ type: 'product', body: { text: 'Look' }, action: { catalog_id: CATALOG, product_retailer_id: 'SKU-1' } })],
	[
		'interactive product list',
		interactive({ type: 'product_list', header: { type: 'text', text: 'Deals' }, body: { text: 'Today' }, action: { catalog_id: CATALOG, sections: [{ title: 'Top', product_items: [{ product_retailer_id: 'SKU-1' }] }] } }),
	],
];

describe('Send Message (JSON): every message type, accepted as written', () => {
	it.each(accepted)('%s', async (_kind, message) => {
		const output = (await sendJson(message)) as { messageId: string; waId: string };
		expect(emulator.state.messages).toHaveLength(1);
		expect(emulator.state.messages[0].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message });
		expect(output).toMatchObject({ messageId: emulator.state.messages[0].id, waId: '16505551234', messaging_product: 'whatsapp' });
	});

	it('takes the message as JSON text too, as n8n\'s JSON field gives it', async () => {
		await sendJson(JSON.stringify({ to: TO, type: 'text', text: { body: 'From text' } }));
		expect(emulator.state.messages[0].body).toMatchObject({ type: 'text', text: { body: 'From text' } });
	});

	it('completes the envelope as the typed sends do: messaging_product added, `to` normalised, type text when left out', async () => {
		await sendJson({ to: '+1 (650) 555-1234', text: { body: 'Hi' } });
		expect(emulator.state.messages[0].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: TO, type: 'text', text: { body: 'Hi' } });
	});

	it('passes fields no typed operation models to Meta untouched, after the typed checks', async () => {
		const message = {
			to: TO,
			type: 'template',
			template: { name: 'spring_sale', language: { code: 'en_US', policy: 'deterministic' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'tomorrow' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] }] },
			recipient_identity_key_hash: 'DF2lS5v2W6x=',
		};
		await sendJson(message);
		expect(emulator.state.messages[0].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message });
	});

	it('sends from the account\'s number unless the sender is given, and shapes the output like the typed sends', async () => {
		const output = await run('message', 'sendJson', { phoneNumberId: '106540352242923', message: { to: TO, type: 'text', text: { body: 'Hi' } } });
		expect(emulator.state.requests.at(-1)!.path).toBe('/v24.0/106540352242923/messages');
		const typed = await run('message', 'sendText', { to: TO, body: 'Hi' });
		expect(Object.keys(output as object).sort()).toEqual(Object.keys(typed as object).sort());
		expect(emulator.state.requests[1].path).toBe(`/v24.0/${PHONE_NUMBER_ID}/messages`);
	});
});

/** [kind, message, the typed operation's error: its field, the problem and the limit]. */
const overLimit: Array<[string, Record<string, unknown>, string]> = [
	['text', { to: TO, type: 'text', text: { body: x(4097) } }, 'Invalid Text (body): must be at most 4,096 characters, got 4,097'],
	['image', { to: TO, type: 'image', image: { link: 'https://e.com/a.jpg', caption: x(1025) } }, 'Invalid Caption (caption): must be at most 1,024 characters, got 1,025'],
	['video', { to: TO, type: 'video', video: { id: 'abc' } }, 'Invalid Media ID (mediaId): must be a numeric ID'],
	['audio', { to: TO, type: 'audio', audio: { link: 'e.com/a.ogg' } }, 'Invalid Media Link (mediaLink): must be an http:// or https:// URL'],
	['document', { to: TO, type: 'document', document: { link: 'https://e.com/i.pdf', filename: x(241) } }, 'Invalid File Name (filename): must be at most 240 characters, got 241'],
	['sticker', { to: TO, type: 'sticker', sticker: { link: 'ftp://e.com/s.webp' } }, 'Invalid Media Link (mediaLink): must be an http:// or https:// URL'],
	['location', { to: TO, type: 'location', location: { latitude: 91, longitude: 0 } }, 'Invalid Latitude (latitude): must be between -90 and 90'],
	['contacts', { to: TO, type: 'contacts', contacts: Array.from({ length: 258 }, () => ({ name: { formatted_name: 'A' } })) }, 'Invalid Contacts (JSON) (contacts): must have at most 257 contacts, got 258'],
	['reaction', { to: TO, type: 'reaction', reaction: { message_id: WAMID, emoji: 'ok' } }, 'Invalid Emoji (emoji): must be exactly one emoji, e.g. 👍 (leave it empty to remove the reaction)'],
	['template', { to: TO, type: 'template', template: { name: 'order_update', language: { code: 'English' } } }, 'Invalid Language (language): must be a language code such as en_US, en or pt_BR'],
	[
		'interactive button',
		interactive({ type: 'button', body: { text: 'Q' }, action: { buttons: ['A', 'B', 'C', 'D'].map((t) => ({ type: 'reply', reply: { id: t, title: t } })) } }),
		'Invalid Buttons (JSON) (buttons): must have at most 3 buttons, got 4',
	],
	[
		'interactive list',
		interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` })) }] } }),
		'Invalid Sections (JSON) (sections) (0.rows): must have at most 10 rows, got 11',
	],
	['interactive cta_url', interactive({ type: 'cta_url', body: { text: 'B' }, action: { name: 'cta_url', parameters: { display_text: x(21), url: 'https://e.com' } } }), 'Invalid Button Text (displayText): must be at most 20 characters, got 21'],
	['interactive voice_call', interactive({ type: 'voice_call', body: { text: 'B' }, action: { name: 'voice_call', parameters: { ttl_minutes: 43_201 } } }), 'Invalid Valid For (Minutes) (ttlMinutes): must be 1 to 43,200 minutes'],
	['interactive call_permission_request', interactive({ type: 'call_permission_request', body: { text: x(1025) }, action: { name: 'call_permission_request' } }), 'Invalid Text (body): must be at most 1,024 characters, got 1,025'],
	['interactive location_request_message', interactive({ type: 'location_request_message', body: { text: x(1025) }, action: { name: 'send_location' } }), 'Invalid Body (body): must be at most 1,024 characters, got 1,025'],
	['interactive flow', interactive({ type: 'flow', body: { text: 'B' }, action: { name: 'flow', parameters: { flow_id: '1', flow_cta: x(31) } } }), 'Invalid Button Text (flowCta): must be at most 30 characters, got 31'],
	['interactive product', interactive({ type: 'product', footer: { text: x(61) }, action: { catalog_id: CATALOG, product_retailer_id: 'SKU-1' } }), 'Invalid Footer (footer): must be at most 60 characters, got 61'],
	[
		'interactive product_list',
		interactive({ type: 'product_list', header: { type: 'text', text: 'H' }, body: { text: 'B' }, action: { catalog_id: CATALOG, sections: [{ title: 'A', product_items: Array.from({ length: 31 }, (_, i) => ({ product_retailer_id: `S${i}` })) }] } }),
		'Invalid Sections (JSON) (sections) (0.product_items): must have at most 30 products, got 31',
	],
	['the tracking data', { to: TO, type: 'text', text: { body: 'hi' }, biz_opaque_callback_data: x(513) }, 'Invalid Tracking Data (trackingData): must be at most 512 characters, got 513'],
	['the message replied to', { to: TO, type: 'text', text: { body: 'hi' }, context: { message_id: 'nope' } }, 'Invalid Reply To Message ID (replyTo): must be a WhatsApp message ID (wamid.…)'],
	['the recipient', { to: '0650 555', type: 'text', text: { body: 'hi' } }, 'Invalid Recipient Phone Number or Group ID (to): "0650 555" looks like a national number: write it with its country code, e.g. +49 30 1234567'],
];

describe('Send Message (JSON): each type checked by its typed operation\'s rules, before any request', () => {
	it.each(overLimit)('%s over its limit', async (_kind, message, error) => {
		const refused = await failure(sendJson(message));
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.message).toBe(error);
		expect(emulator.state.requests).toHaveLength(0);
	});

	it.each([
		['a type no operation sends', { to: TO, type: 'carousel' }, 'Invalid Message (JSON) (message) (type): must be one of text, image, video, audio, document, sticker, location, contacts, reaction, template, interactive; got "carousel"'],
		[
			'an interactive type no operation sends',
			interactive({ type: 'catalog_message', body: { text: 'B' } }),
			'Invalid Message (JSON) (message) (interactive.type): must be one of button, list, cta_url, voice_call, call_permission_request, location_request_message, flow, product, product_list; got "catalog_message"',
		],
		['another messaging product', { messaging_product: 'sms', to: TO, type: 'text', text: { body: 'hi' } }, 'Invalid Message (JSON) (message) (messaging_product): must be whatsapp'],
		['another recipient type', { recipient_type: 'broadcast', to: TO, type: 'text', text: { body: 'hi' } }, 'Invalid Message (JSON) (message) (recipient_type): must be individual or group'],
		['a list instead of an object', [{ to: TO }], 'Invalid Message (JSON) (message): must be a Cloud API message object: {"to": "+16505551234", "type": "text", "text": {"body": "Hello"}}'],
		['no recipient', { type: 'text', text: { body: 'hi' } }, 'Invalid Recipient Phone Number or Group ID (to): is required'],
		['broken JSON', '{"to": ', 'Invalid Message (JSON) (message): is not valid JSON'],
	])('refuses %s', async (_what, message, error) => {
		const refused = await failure(sendJson(message));
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused.message).toContain(error);
		expect(emulator.state.requests).toHaveLength(0);
	});
});

describe('Send Message (JSON) to a group: the same refusals as the typed sends', () => {
	const GROUP = 'Y2FwaV9ncm91cDoxMDY1NDAzNTIyNDI5MjI6MQ';
	beforeEach(() => {
		const now = emulator.clock.now();
		emulator.state.groups.groups.set(GROUP, {
			id: GROUP,
			phoneNumberId: PHONE_NUMBER_ID,
			subject: 'Order 4711',
			join_approval_mode: 'auto_approve',
			suspended: false,
			creation_timestamp: now,
			participants: [{ wa_id: '16505551234' }],
			removed: new Set(),
			joinRequests: [],
			inviteLink: 'https://chat.whatsapp.com/abc',
		});
	});

	it('sends what a group may receive: text and a utility template', async () => {
		await sendJson({ recipient_type: 'group', to: GROUP, type: 'text', text: { body: 'Your table is confirmed.' } });
		expect(emulator.state.messages[0].body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'group', to: GROUP, type: 'text', text: { body: 'Your table is confirmed.' } });
		await sendJson({ recipient_type: 'group', to: GROUP, type: 'template', template: { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'tomorrow' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] }] } });
		expect(emulator.state.messages).toHaveLength(2);
	});

	it.each([
		['location', { type: 'location', location: { latitude: 1, longitude: 2 } }],
		['interactive', { type: 'interactive', interactive: { type: 'button', body: { text: 'Q' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } }],
		['sticker', { type: 'sticker', sticker: { link: 'https://example.com/s.webp' } }],
	])('refuses %s messages to a group before any request', async (type, message) => {
		const refused = await failure(sendJson({ recipient_type: 'group', to: GROUP, ...message }));
		expect(refused.message).toBe(`Invalid Recipient Type (recipient_type): a group cannot receive ${type} messages: only text, image, video, audio, document, template can be sent to a group`);
		expect(emulator.state.requests).toHaveLength(0);
	});

	it('refuses an authentication template to a group after looking its category up, sending nothing', async () => {
		const otp = [{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] }];
		const refused = await failure(sendJson({ recipient_type: 'group', to: GROUP, type: 'template', template: { name: 'login_code', language: { code: 'en_US' }, components: otp } }));
		expect(refused.message).toBe('Invalid Template (template): login_code (en_US) is an authentication template: groups take marketing and utility templates only');
		expect(emulator.state.requests.map((r) => r.path)).toEqual(['/v24.0/102290129340398/message_templates']);
	});
});

describe('a JSON field of a typed send given a whole message', () => {
	it.each([
		['sendContacts', 'contacts', { to: TO, type: 'image', image: { link: 'https://e.com/a.jpg' } }, 'Invalid Contacts (JSON) (contacts): is a whole Cloud API message (an image message)'],
		['sendTemplate', 'components', { messaging_product: 'whatsapp', to: TO, type: 'template', template: { name: 'order_update' } }, 'Invalid Components (JSON) (components): is a whole Cloud API message (a template message)'],
		['sendButtons', 'buttons', { type: 'interactive', interactive: { type: 'button' } }, 'Invalid Buttons (JSON) (buttons): is a whole Cloud API message (an interactive button message)'],
	])('%s says so and points to Send Message (JSON)', async (operation, field, message, error) => {
		const values = { template: 'order_update', body: 'Q', [field]: JSON.stringify(message) };
		const refused = await failure(run('message', operation, { to: TO, ...values }));
		expect(refused.message).toContain(error);
		expect(refused.message).toContain('Send Message (JSON) sends a whole message object');
		expect(emulator.state.requests).toHaveLength(0);
	});
});
