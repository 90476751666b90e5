import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const send = (payload: object) => call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, payload);
const msg = (type: string, content: unknown, extra: object = {}) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type, [type]: content, ...extra });
const interactive = (content: object) => msg('interactive', content);
const button = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
const products = (n: number) => Array.from({ length: n }, (_, i) => ({ product_retailer_id: `sku-${i}` }));
const flow = (parameters: object) => interactive({ type: 'flow', body: { text: 'Book' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book now', ...parameters } } });
const contact = { name: { formatted_name: 'Jane Doe', first_name: 'Jane' }, phones: [{ phone: '+16505551234', type: 'WORK', wa_id: '16505551234' }], emails: [{ email: 'jane@example.com', type: 'WORK' }], birthday: '1990-01-31' };

describe('emulator: every message type accepts the payloads of Meta\'s message type pages', () => {
	it.each([
		['text with preview', msg('text', { body: 'See https://example.com', preview_url: true })],
		['text of 4,096 characters', msg('text', { body: 'x'.repeat(4096) })],
		['image by id with caption', msg('image', { id: '1037543291543636', caption: 'c'.repeat(1024) })],
		['image by link', msg('image', { link: 'https://example.com/a.jpg' })],
		['video by link', msg('video', { link: 'http://example.com/a.mp4', caption: 'Clip' })],
		['document with filename', msg('document', { id: '1037543291543636', filename: 'invoice.pdf', caption: 'Invoice' })],
		['audio voice note', msg('audio', { id: '1037543291543636', voice: true })],
		['sticker', msg('sticker', { link: 'https://example.com/s.webp' })],
		['location with name and address', msg('location', { latitude: 37.44, longitude: -122.16, name: 'HQ', address: '1 Hacker Way' })],
		['location with numeric strings', msg('location', { latitude: '-90', longitude: '180' })],
		['one contact', msg('contacts', [contact])],
		['257 contacts', msg('contacts', Array.from({ length: 257 }, () => contact))],
		['reaction', msg('reaction', { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', emoji: '😀' })],
		['reaction removal', msg('reaction', { message_id: 'wamid.HBgL', emoji: '' })],
		['a reply with context and tracking', msg('text', { body: 'Re' }, { context: { message_id: 'wamid.HBgL' }, biz_opaque_callback_data: 'y'.repeat(512) })],
		['3 reply buttons with an image header', interactive({ type: 'button', header: { type: 'image', image: { id: '1037543291543636' } }, body: { text: 'b'.repeat(1024) }, footer: { text: 'f'.repeat(60) }, action: { buttons: [button('a', 't'.repeat(20)), button('b', 'B'), button('i'.repeat(256), 'C')] } })],
		['reply buttons with a text header', interactive({ type: 'button', header: { type: 'text', text: 'h'.repeat(60) }, body: { text: 'Pick' }, action: { buttons: [button('yes', 'Yes')] } })],
		['a list of 10 rows in 2 sections', interactive({ type: 'list', header: { type: 'text', text: 'Menu' }, body: { text: 'b'.repeat(4096) }, action: { button: 'l'.repeat(20), sections: [{ title: 's'.repeat(24), rows: rows(5) }, { title: 'Two', rows: rows(5, 'q').map((r) => ({ ...r, description: 'd'.repeat(72) })) }] } })],
		['a one-section list without a section title', interactive({ type: 'list', body: { text: 'Pick' }, action: { button: 'Open', sections: [{ rows: [{ id: 'i'.repeat(200), title: 't'.repeat(24) }] }] } })],
		['a CTA URL button', interactive({ type: 'cta_url', header: { type: 'document', document: { link: 'https://example.com/a.pdf' } }, body: { text: 'Visit' }, action: { name: 'cta_url', parameters: { display_text: 'd'.repeat(20), url: 'https://example.com?a=1' } } })],
		['a location request', interactive({ type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } })],
		['a flow that navigates', flow({ flow_token: 'tok', mode: 'draft', flow_action: 'navigate', flow_action_payload: { screen: 'WELCOME', data: { a: 1 } }, flow_cta: 'c'.repeat(30) })],
		['a flow by name with data exchange', flow({ flow_id: undefined, flow_name: 'booking', flow_action: 'data_exchange' })],
		['a single product', interactive({ type: 'product', action: { catalog_id: '123', product_retailer_id: 'sku-1' } })],
		['a product list of 30 products', interactive({ type: 'product_list', header: { type: 'text', text: 'Shop' }, body: { text: 'Pick' }, action: { catalog_id: '123', sections: [{ title: 'A', product_items: products(15) }, { title: 'B', product_items: products(15) }] } })],
		['a catalog message', interactive({ type: 'catalog_message', body: { text: 'Our catalog' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-1' } } })],
	])('accepts %s', async (_name, payload) => {
		const { status, body } = await send(payload);
		expect(body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: payload.to, wa_id: expect.any(String) }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
		expect(status).toBe(200);
		expect(env.emulator.state.messages).toMatchObject([{ type: payload.type, body: JSON.parse(JSON.stringify(payload)) }]);
	});
});

describe('emulator: every message type refuses what Meta refuses, and records nothing', () => {
	it.each([
		['text without body object', msg('text', undefined), 131008, 'text'],
		['a text of 4,097', msg('text', { body: 'x'.repeat(4097) }), 100, 'text.body must be at most 4096'],
		['a type named like an object property', msg('constructor', {}), 131051, 'constructor is not supported'],
		['an unknown type', msg('poll', { q: 1 }), 131051, 'Message type poll is not supported (use one of text, image'],
		['media with id and link', msg('image', { id: '1', link: 'https://e.com/a.jpg' }), 131009, 'only one of {id, link}'],
		['media with neither id nor link', msg('video', { caption: 'x' }), 131008, 'video.id or link'],
		['media linked by ftp', msg('image', { link: 'ftp://e.com/a.jpg' }), 131009, 'http:// or https://'],
		['a media id that is not numeric', msg('image', { id: 'abc' }), 131009, 'image.id must be a media ID'],
		['a caption over 1,024', msg('image', { id: '1', caption: 'c'.repeat(1025) }), 100, 'image.caption must be at most 1024'],
		['a caption on audio', msg('audio', { id: '1', caption: 'x' }), 100, 'audio.caption is not supported'],
		['a caption on a sticker', msg('sticker', { id: '1', caption: 'x' }), 100, 'sticker.caption'],
		['a filename on an image', msg('image', { id: '1', filename: 'a.jpg' }), 100, 'image.filename'],
		['a non-boolean voice', msg('audio', { id: '1', voice: 'yes' }), 100, 'audio.voice must be a boolean'],
		['a latitude of 91', msg('location', { latitude: 91, longitude: 0 }), 131009, 'between -90 and 90'],
		['a longitude of -181', msg('location', { latitude: 0, longitude: -181 }), 131009, 'between -180 and 180'],
		['a location without longitude', msg('location', { latitude: 1 }), 131008, 'location.longitude'],
		['no contacts', msg('contacts', []), 131008, 'contacts'],
		['258 contacts', msg('contacts', Array.from({ length: 258 }, () => contact)), 100, 'at most 257'],
		['a contact without formatted_name', msg('contacts', [{ name: { first_name: 'J' } }]), 131008, 'contacts[0].name.formatted_name'],
		['a reaction without message_id', msg('reaction', { emoji: '😀' }), 131008, 'reaction.message_id'],
		['a reaction without emoji', msg('reaction', { message_id: 'wamid.x' }), 131008, 'reaction.emoji'],
		['context without message_id', msg('text', { body: 'x' }, { context: {} }), 131008, 'context.message_id'],
		['4 reply buttons', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('a', 'A'), button('b', 'B'), button('c', 'C'), button('d', 'D')] } }), 100, 'at most 3'],
		['no reply buttons', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [] } }), 131008, 'buttons'],
		['a button title of 21', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('a', 't'.repeat(21))] } }), 100, 'title must be at most 20'],
		['a button id of 257', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('i'.repeat(257), 'A')] } }), 100, 'id must be at most 256'],
		['duplicate button ids', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('a', 'A'), button('a', 'B')] } }), 131009, 'unique reply ids'],
		['duplicate button titles', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('a', 'A'), button('b', 'A')] } }), 131009, 'unique reply titles'],
		['a button id with a trailing space', interactive({ type: 'button', body: { text: 'b' }, action: { buttons: [button('a ', 'A')] } }), 131009, 'space'],
		['a button body of 1,025', interactive({ type: 'button', body: { text: 'b'.repeat(1025) }, action: { buttons: [button('a', 'A')] } }), 100, 'body.text must be at most 1024'],
		['a footer of 61', interactive({ type: 'button', body: { text: 'b' }, footer: { text: 'f'.repeat(61) }, action: { buttons: [button('a', 'A')] } }), 100, 'footer.text must be at most 60'],
		['a header text of 61', interactive({ type: 'button', header: { type: 'text', text: 'h'.repeat(61) }, body: { text: 'b' }, action: { buttons: [button('a', 'A')] } }), 100, 'header.text must be at most 60'],
		['a caption in a header image', interactive({ type: 'button', header: { type: 'image', image: { id: '1', caption: 'x' } }, body: { text: 'b' }, action: { buttons: [button('a', 'A')] } }), 100, 'header.image.caption'],
		['a button message without body', interactive({ type: 'button', action: { buttons: [button('a', 'A')] } }), 131008, 'interactive.body'],
		['a list without button label', interactive({ type: 'list', body: { text: 'b' }, action: { sections: [{ rows: rows(1) }] } }), 131008, 'action.button'],
		['a list label of 21', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'l'.repeat(21), sections: [{ rows: rows(1) }] } }), 100, 'action.button must be at most 20'],
		['a list of 11 rows', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 'q') }] } }), 100, 'at most 10 rows in total'],
		['a list of 11 sections', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'R' }] })) } }), 100, 'at most 10 elements'],
		['a list section without rows', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ rows: [] }] } }), 131008, 'sections[0].rows'],
		['two sections, one untitled', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ title: 'A', rows: rows(1) }, { rows: rows(1, 'q') }] } }), 131008, 'sections[1].title'],
		['a section title of 25', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ title: 's'.repeat(25), rows: rows(1) }] } }), 100, 'title must be at most 24'],
		['a row id of 201', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ rows: [{ id: 'i'.repeat(201), title: 'R' }] }] } }), 100, 'id must be at most 200'],
		['a row title of 25', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ rows: [{ id: 'a', title: 't'.repeat(25) }] }] } }), 100, 'title must be at most 24'],
		['a row description of 73', interactive({ type: 'list', body: { text: 'b' }, action: { button: 'Open', sections: [{ rows: [{ id: 'a', title: 'R', description: 'd'.repeat(73) }] }] } }), 100, 'description must be at most 72'],
		['a list body of 4,097', interactive({ type: 'list', body: { text: 'b'.repeat(4097) }, action: { button: 'Open', sections: [{ rows: rows(1) }] } }), 100, 'at most 4096'],
		['a list with a media header', interactive({ type: 'list', header: { type: 'image', image: { id: '1' } }, body: { text: 'b' }, action: { button: 'Open', sections: [{ rows: rows(1) }] } }), 100, 'header.type must be one of {text}'],
		['a CTA display text of 21', interactive({ type: 'cta_url', body: { text: 'b' }, action: { name: 'cta_url', parameters: { display_text: 'd'.repeat(21), url: 'https://e.com' } } }), 100, 'display_text must be at most 20'],
		['a CTA URL that is no http URL', interactive({ type: 'cta_url', body: { text: 'b' }, action: { name: 'cta_url', parameters: { display_text: 'Go', url: 'javascript:alert(1)' } } }), 131009, 'http:// or https://'],
		['a location request with another action', interactive({ type: 'location_request_message', body: { text: 'b' }, action: { name: 'send_place' } }), 100, 'action.name must be one of {send_location}'],
		['a flow with id and name', flow({ flow_name: 'booking' }), 131009, 'only one of {flow_id, flow_name}'],
		['a flow CTA of 31', flow({ flow_cta: 'c'.repeat(31) }), 100, 'flow_cta must be at most 30'],
		['a flow in an unknown mode', flow({ mode: 'test' }), 100, 'mode must be one of {published, draft}'],
		['a flow payload with data exchange', flow({ flow_action: 'data_exchange', flow_action_payload: { screen: 'A' } }), 100, 'only allowed when flow_action is navigate'],
		['a flow message version 2', flow({ flow_message_version: '2' }), 100, 'flow_message_version must be one of {3}'],
		['a flow without CTA', flow({ flow_cta: undefined }), 131008, 'flow_cta'],
		['a flow payload with empty data', flow({ flow_action_payload: { screen: 'A', data: {} } }), 100, 'non-empty object'],
		['a flow payload without screen', flow({ flow_action_payload: { data: { a: 1 } } }), 131008, 'flow_action_payload.screen'],
		['a CTA without url', interactive({ type: 'cta_url', body: { text: 'b' }, action: { name: 'cta_url', parameters: { display_text: 'Go' } } }), 131008, 'parameters.url'],
		['a catalog message with another action', interactive({ type: 'catalog_message', body: { text: 'b' }, action: { name: 'catalog' } }), 100, 'one of {catalog_message}'],
		['a product list of 11 sections', interactive({ type: 'product_list', header: { type: 'text', text: 'h' }, body: { text: 'b' }, action: { catalog_id: '1', sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, product_items: products(1) })) } }), 100, 'at most 10 elements'],
		['a product with a header', interactive({ type: 'product', header: { type: 'text', text: 'h' }, action: { catalog_id: '1', product_retailer_id: 'a' } }), 100, 'header is not supported'],
		['a latitude that is no number', msg('location', { latitude: 'north', longitude: 0 }), 100, 'latitude must be a number'],
		['a birthday that is no date', msg('contacts', [{ ...contact, birthday: '31.01.1990' }]), 131009, 'YYYY-MM-DD'],
		['an authentication template to a group', msg('template', { name: 'login_code', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] }] }, { recipient_type: 'group', to: 'Y2FwaV9ncm91cDox' }), 131051, 'authentication template is not supported in groups'],
		['a product without retailer id', interactive({ type: 'product', action: { catalog_id: '1' } }), 131008, 'product_retailer_id'],
		['a product list without header', interactive({ type: 'product_list', body: { text: 'b' }, action: { catalog_id: '1', sections: [{ product_items: products(1) }] } }), 131008, 'interactive.header'],
		['a product list of 31 products', interactive({ type: 'product_list', header: { type: 'text', text: 'h' }, body: { text: 'b' }, action: { catalog_id: '1', sections: [{ title: 'A', product_items: products(16) }, { title: 'B', product_items: products(15) }] } }), 100, 'at most 30 products'],
		['an interactive kind that does not exist', interactive({ type: 'carousel', body: { text: 'b' }, action: {} }), 100, 'interactive.type must be one of'],
		['interactive in a group', msg('interactive', { type: 'location_request_message', body: { text: 'b' }, action: { name: 'send_location' } }, { recipient_type: 'group', to: 'Y2FwaV9ncm91cDox' }), 131051, 'not supported in groups'],
		['a text to a group that does not exist', msg('text', { body: 'Table at 8' }, { recipient_type: 'group', to: 'Y2FwaV9ncm91cDox' }), 131041, 'does not exist'],
		['an unknown recipient_type', msg('text', { body: 'x' }, { recipient_type: 'broadcast' }), 100, 'recipient_type must be one of'],
	])('refuses %s', async (_name, payload, code, details) => {
		const { status, body } = await send(payload);
		expect(body.error).toMatchObject({ code, message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)), type: 'OAuthException', fbtrace_id: expect.any(String) });
		expect(body.error.error_data).toEqual({ messaging_product: 'whatsapp', details: expect.stringContaining(details) });
		expect(status).toBe(400);
		expect(env.emulator.state.messages).toHaveLength(0);
	});
});

describe('emulator: mark as read and typing indicator', () => {
	it.each([
		['a read receipt', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgL' }, false],
		['a read receipt with a typing indicator', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgL', typing_indicator: { type: 'text' } }, true],
	])('answers {success: true} for %s and sends no message', async (_name, payload, typingIndicator) => {
		const { status, body } = await send(payload);
		expect(body).toEqual({ success: true });
		expect(status).toBe(200);
		expect(env.emulator.state.reads).toMatchObject([{ phoneNumberId: PHONE_ID, messageId: 'wamid.HBgL', typingIndicator }]);
		expect(env.emulator.state.messages).toHaveLength(0);
	});

	it.each([
		['another status', { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.x' }, 100],
		['no message_id', { messaging_product: 'whatsapp', status: 'read' }, 131008],
		['another indicator type', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.x', typing_indicator: { type: 'audio' } }, 100],
	])('refuses %s', async (_name, payload, code) => {
		const { status, body } = await send(payload);
		expect([status, body.error.code]).toEqual([400, code]);
		expect(env.emulator.state.reads).toHaveLength(0);
	});
});
