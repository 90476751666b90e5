import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';

type Json = Record<string, unknown>;

const MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `to` as Meta accepts it: digits with optional +, -, (, ), spaces. */
function checkRecipient(to: unknown): string {
	if (typeof to !== 'string' || to.trim() === '') throw new GraphError(131008, 'Required parameter is missing', 'The parameter to is required.');
	if (!/^\+?[\d\s\-()]+$/.test(to)) throw invalidParameter(`Invalid parameter to: "${to}" is not a valid phone number.`);
	const digits = to.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15) throw invalidParameter(`Invalid parameter to: "${to}" is not a valid phone number.`);
	return digits;
}

function checkText(body: Json) {
	const text = body.text;
	if (!isObject(text)) throw new GraphError(131008, 'Required parameter is missing', 'The parameter text is required.');
	if (typeof text.body !== 'string' || text.body.length === 0) throw new GraphError(131008, 'Required parameter is missing', 'The parameter text.body is required.');
	if (text.body.length > 4096) throw invalidParameter('Param text.body must be at most 4096 characters long.');
	if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') throw invalidParameter('Param text.preview_url must be a boolean.');
}

const checkers: Record<string, (body: Json) => void> = { text: checkText };

/** POST /{phone-number-id}/messages */
export function sendMessage(emulator: GraphEmulator, phoneNumberId: string, body: unknown) {
	const { state } = emulator;
	if (!isObject(body)) throw invalidParameter('The request body must be a JSON object.');
	if (body.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	if (body.recipient_type !== undefined && body.recipient_type !== 'individual' && body.recipient_type !== 'group') {
		throw invalidParameter('Param recipient_type must be one of {individual, group}.');
	}
	const waId = checkRecipient(body.to);
	const type = body.type ?? 'text';
	if (typeof type !== 'string' || !MESSAGE_TYPES.includes(type)) throw invalidParameter(`Param type must be one of {${MESSAGE_TYPES.join(', ')}}.`);
	if (body.context !== undefined) {
		if (!isObject(body.context) || typeof body.context.message_id !== 'string' || !body.context.message_id) {
			throw invalidParameter('Param context.message_id must be a message ID.');
		}
	}
	if (body.biz_opaque_callback_data !== undefined) {
		if (typeof body.biz_opaque_callback_data !== 'string' || body.biz_opaque_callback_data.length > 512) {
			throw invalidParameter('Param biz_opaque_callback_data must be a string of at most 512 characters.');
		}
	}
	const check = checkers[type];
	if (!check) throw new GraphError(131051, 'Unsupported message type', `Message type ${type} is not supported by this emulator yet.`);
	check(body);
	emulator.hooks.checkMessage(phoneNumberId, waId);
	const id = state.newMessageId();
	const message = { id, phoneNumberId, to: waId, type, body, at: Date.now() };
	state.messages.push(message);
	emulator.hooks.messageAccepted(message);
	return {
		messaging_product: 'whatsapp',
		contacts: [{ input: body.to, wa_id: waId }],
		messages: [{ id }],
	};
}

export function registerMessages(emulator: GraphEmulator) {
	emulator.route('POST', /^\/(\d+)\/messages$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return sendMessage(emulator, id, req.body);
	});
}
