import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { PHONE_NUMBER_ID, TO, TOKEN, jpeg, runner } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

/** Sends through the emulator and returns what it received; asserts it was accepted once. */
async function sent(operation: string, values: Record<string, unknown>) {
	const output = (await run('message', operation, { to: TO, ...values })) as { messageId: string; waId: string };
	expect(emulator.state.messages).toHaveLength(1);
	expect(output.messageId).toBe(emulator.state.messages[0].id);
	expect(output.waId).toBe('16505551234');
	return emulator.state.messages[0].body;
}

describe('every message type, accepted by the emulator with the exact payload', () => {
	it('image by link with caption, reply-to and tracking data', async () => {
		expect(await sent('sendImage', { mediaLink: 'https://example.com/a.jpg', caption: 'Your receipt', replyTo: 'wamid.HBgLMTY1MDU1NTEyMzQ', trackingData: 'order-1' })).toEqual({
			...envelope,
			type: 'image',
			image: { link: 'https://example.com/a.jpg', caption: 'Your receipt' },
			context: { message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ' },
			biz_opaque_callback_data: 'order-1',
		});
	});

	it('image from the flow\'s own data: uploaded first, then sent by its media id', async () => {
		const output = (await run('message', 'sendImage', { to: TO, mediaSource: 'file', fileProperty: 'photo' }, { photo: { data: jpeg(2048), mimeType: 'image/jpeg', fileName: 'p.jpg' } })) as {
			mediaId: string;
		};
		const [upload, send] = emulator.state.requests;
		expect(upload.path).toBe(`/v24.0/${PHONE_NUMBER_ID}/media`);
		expect(emulator.state.media.get(output.mediaId)?.bytes.length).toBe(2048);
		expect(send.body).toEqual({ ...envelope, type: 'image', image: { id: output.mediaId } });
		expect(emulator.state.messages).toHaveLength(1);
	});

	it('video by id, audio as voice note, document with file name, sticker by link', async () => {
		expect(await sent('sendVideo', { mediaSource: 'id', mediaId: '1037543291543636', caption: 'Clip' })).toMatchObject({ type: 'video', video: { id: '1037543291543636', caption: 'Clip' } });
		emulator.reset();
		expect(await sent('sendAudio', { mediaLink: 'https://example.com/v.ogg', voice: true })).toMatchObject({ type: 'audio', audio: { link: 'https://example.com/v.ogg', voice: true } });
		emulator.reset();
		expect(await sent('sendDocument', { mediaLink: 'https://example.com/i.pdf', filename: 'invoice-4711.pdf' })).toMatchObject({
			type: 'document',
			document: { link: 'https://example.com/i.pdf', filename: 'invoice-4711.pdf' },
		});
		emulator.reset();
		expect((await sent('sendSticker', { mediaLink: 'https://example.com/s.webp' })).sticker).toEqual({ link: 'https://example.com/s.webp' });
	});

	it('location, contacts and reaction (and removing it)', async () => {
		expect((await sent('sendLocation', { latitude: '37.4847', longitude: -122.148, name: 'Menlo Park', address: '1 Hacker Way' })).location).toEqual({
			latitude: 37.4847,
			longitude: -122.148,
			name: 'Menlo Park',
			address: '1 Hacker Way',
		});
		emulator.reset();
		const contacts = [{ name: { formatted_name: 'Jane Doe', first_name: 'Jane' }, phones: [{ phone: '+16505550000', type: 'WORK', wa_id: '16505550000' }] }];
		expect((await sent('sendContacts', { contacts: JSON.stringify(contacts) })).contacts).toEqual(contacts);
		emulator.reset();
		expect((await sent('sendReaction', { messageId: 'wamid.HBgLMTY1MDU1NTEyMzQ', emoji: '👍🏽' })).reaction).toEqual({ message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ', emoji: '👍🏽' });
		emulator.reset();
		expect((await sent('sendReaction', { messageId: 'wamid.HBgLMTY1MDU1NTEyMzQ', emoji: '' })).reaction).toEqual({ message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ', emoji: '' });
	});

	it('reply buttons with an image header, from titles only', async () => {
		expect((await sent('sendButtons', { headerType: 'image', headerMedia: 'https://example.com/h.png', body: 'Confirm?', footer: 'Flowpace', buttons: '["Yes", "No"]' })).interactive).toEqual({
			type: 'button',
			header: { type: 'image', image: { link: 'https://example.com/h.png' } },
			body: { text: 'Confirm?' },
			footer: { text: 'Flowpace' },
			action: { buttons: [{ type: 'reply', reply: { id: 'Yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
		});
	});

	it('list with sections, and a plain list of rows as one section', async () => {
		const sections = [
			{ title: 'Pizza', rows: [{ id: 'p1', title: 'Margherita', description: 'Tomato, mozzarella' }] },
			{ title: 'Drinks', rows: [{ id: 'd1', title: 'Water' }] },
		];
		expect((await sent('sendList', { headerText: 'Menu', body: 'Pick one', buttonText: 'Choose', sections })).interactive).toEqual({
			type: 'list',
			header: { type: 'text', text: 'Menu' },
			body: { text: 'Pick one' },
			action: { button: 'Choose', sections },
		});
		emulator.reset();
		expect(((await sent('sendList', { body: 'Pick', buttonText: 'Open', sections: [{ id: 'a', title: 'A' }] })).interactive as any).action.sections).toEqual([{ rows: [{ id: 'a', title: 'A' }] }]);
	});

	it('CTA URL, location request, flow, single product, multi product', async () => {
		expect(((await sent('sendCtaUrl', { body: 'Book a table', displayText: 'See dates', url: 'https://example.com/b' })).interactive as any).action).toEqual({
			name: 'cta_url',
			parameters: { display_text: 'See dates', url: 'https://example.com/b' },
		});
		emulator.reset();
		expect((await sent('sendLocationRequest', { body: 'Where are you?' })).interactive).toEqual({ type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } });
		emulator.reset();
		expect(((await sent('sendFlow', { body: 'Book', flowId: '1234567890', flowCta: 'Book now', flowToken: 't-1', screen: 'WELCOME', flowData: '{"a":1}' })).interactive as any).action).toEqual({
			name: 'flow',
			parameters: {
				flow_message_version: '3',
				flow_id: '1234567890',
				flow_token: 't-1',
				flow_cta: 'Book now',
				mode: 'published',
				flow_action: 'navigate',
				flow_action_payload: { screen: 'WELCOME', data: { a: 1 } },
			},
		});
		emulator.reset();
		expect(((await sent('sendProduct', { catalogId: '367025965434465', productRetailerId: 'SKU-1', body: 'Look' })).interactive as any).action).toEqual({
			catalog_id: '367025965434465',
			product_retailer_id: 'SKU-1',
		});
		emulator.reset();
		expect(((await sent('sendProductList', { headerText: 'Deals', body: 'Today', catalogId: '367025965434465', sections: '[{"title":"Top","product_items":["SKU-1",{"product_retailer_id":"SKU-2"}]}]' })).interactive as any).action).toEqual({
			catalog_id: '367025965434465',
			sections: [{ title: 'Top', product_items: [{ product_retailer_id: 'SKU-1' }, { product_retailer_id: 'SKU-2' }] }],
		});
	});

	it('mark as read, with and without the typing indicator', async () => {
		await expect(run('message', 'markRead', { messageId: 'wamid.HBgLMTY1MDU1NTEyMzQ' })).resolves.toEqual({ success: true });
		await expect(run('message', 'markRead', { messageId: 'wamid.HBgLMTY1MDU1NTEyMzQ', typingIndicator: true })).resolves.toEqual({ success: true });
		expect(emulator.state.requests.map((r) => r.body)).toEqual([
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ' },
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ', typing_indicator: { type: 'text' } },
		]);
	});
});
