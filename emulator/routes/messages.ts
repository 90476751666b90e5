import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import { checkPermissionRequest, recordPermissionRequest } from './callPermissions';
import { checkGroupSend } from './groups';
import { checkContacts, checkLocation, checkMedia, checkReaction, checkText } from './message-types/basic';
import { arr, bool, isObject, num, obj, str, type Json } from './message-types/check';
import { checkInteractive } from './message-types/interactive';
import { checkTemplate } from './message-types/template';

/** One checker per message type (Meta's message type pages); each gets the object named after the type. */
const CHECKERS: Record<string, (emulator: GraphEmulator, body: Json, path: string) => void> = {
	text: (_, body, path) => checkText(obj(body, 'text', '')!, path),
	image: (_, body, path) => checkMedia('image')(obj(body, 'image', '')!, path),
	video: (_, body, path) => checkMedia('video')(obj(body, 'video', '')!, path),
	audio: (_, body, path) => checkMedia('audio')(obj(body, 'audio', '')!, path),
	document: (_, body, path) => checkMedia('document')(obj(body, 'document', '')!, path),
	sticker: (_, body, path) => checkMedia('sticker')(obj(body, 'sticker', '')!, path),
	location: (_, body, path) => checkLocation(obj(body, 'location', '')!, path),
	contacts: (_, body, path) =>
		checkContacts(arr(body, 'contacts', '', { required: true, min: 1, max: 257 })!, path),
	reaction: (_, body, path) => checkReaction(obj(body, 'reaction', '')!, path),
	interactive: (_, body, path) => checkInteractive(obj(body, 'interactive', '')!, path),
	pin: (_, body, path) => checkPin(body, obj(body, 'pin', '')!, path),
	template: (emulator, body, path) => {
		const template = checkTemplate(emulator.state.templates.values(), obj(body, 'template', '')!, path);
		if (body.recipient_type === 'group' && template.category === 'AUTHENTICATION')
			throw unsupportedType('authentication template', 'in groups');
	},
};

/** What a group may receive (Meta's Group messaging page): text, media, non-authentication templates, pins. */
const GROUP_TYPES = ['text', 'image', 'video', 'audio', 'document', 'template', 'pin'];

/** Pin / unpin: groups only; expiration_days 1-30 for a pin, absent for an unpin. */
function checkPin(body: Json, pin: Json, path: string) {
	if (body.recipient_type !== 'group') throw invalidParameter('Param recipient_type must be "group" for a pin message.');
	const type = str(pin, 'type', path, { required: true, oneOf: ['pin', 'unpin'] });
	str(pin, 'message_id', path, { required: true });
	if (type === 'pin') num(pin, 'expiration_days', path, { required: true, integer: true, min: 1, max: 30 });
	else if (pin.expiration_days !== undefined) throw invalidParameter(`Param ${path}.expiration_days must not be given for an unpin.`);
}

const unsupportedType = (type: string, where: string) =>
	new GraphError(131051, 'Unsupported message type', `Message type ${type} is not supported ${where}.`);

/** `to` as Meta accepts it: digits with optional +, -, (, ), spaces; 7 to 15 digits. */
function checkRecipient(body: Json, group: boolean): string {
	const to = str(body, 'to', '', { required: true })!;
	if (group) {
		if (!/^[A-Za-z0-9+/=_-]+$/.test(to))
			throw invalidParameter(`Invalid parameter to: "${to}" is not a group ID.`);
		return to;
	}
	if (!/^\+?[\d\s\-()]+$/.test(to))
		throw invalidParameter(`Invalid parameter to: "${to}" is not a valid phone number.`);
	const digits = to.replace(/\D/g, '');
	if (digits.length < 7 || digits.length > 15)
		throw invalidParameter(`Invalid parameter to: "${to}" is not a valid phone number.`);
	return digits;
}

/** The envelope shared by every send (Meta's Send messages page); returns the recipient's wa_id. */
function checkEnvelope(body: Json): { waId: string; type: string } {
	const recipientType = str(body, 'recipient_type', '', { oneOf: ['individual', 'group'] }) ?? 'individual';
	const waId = checkRecipient(body, recipientType === 'group');
	const type = str(body, 'type', '') ?? 'text';
	if (!Object.hasOwn(CHECKERS, type))
		throw unsupportedType(type, `(use one of ${Object.keys(CHECKERS).join(', ')})`);
	if (recipientType === 'group' && !GROUP_TYPES.includes(type)) throw unsupportedType(type, 'in groups');
	const context = obj(body, 'context', '', false);
	if (context) str(context, 'message_id', 'context', { required: true });
	str(body, 'biz_opaque_callback_data', '', { max: 512 });
	str(body, 'recipient_identity_key_hash', '');
	return { waId, type };
}

/** Shared by /messages and /marketing_messages once the type-specific rules passed. */
function accept(emulator: GraphEmulator, phoneNumberId: string, body: Json, waId: string, type: string, marketing = false) {
	emulator.hooks.checkMessage(phoneNumberId, waId, body);
	const id = emulator.state.newMessageId();
	const message = { id, phoneNumberId, to: waId, type, body, at: emulator.clock.now(), ...(marketing ? { marketing } : {}) };
	emulator.state.messages.push(message);
	emulator.hooks.messageAccepted(message);
	return { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: waId }], messages: [{ id }] };
}

function checkProduct(body: unknown): Json {
	if (!isObject(body)) throw invalidParameter('The request body must be a JSON object.');
	if (body.messaging_product !== 'whatsapp')
		throw invalidParameter('Param messaging_product must be "whatsapp".');
	return body;
}

/** Mark as read, optionally with a typing indicator (Meta's Mark messages as read and Typing indicators pages). */
function markRead(emulator: GraphEmulator, phoneNumberId: string, body: Json) {
	str(body, 'status', '', { required: true, oneOf: ['read'] });
	const messageId = str(body, 'message_id', '', { required: true })!;
	const indicator = obj(body, 'typing_indicator', '', false);
	if (indicator) str(indicator, 'type', 'typing_indicator', { required: true, oneOf: ['text'] });
	emulator.state.reads.push({
		phoneNumberId,
		messageId,
		typingIndicator: Boolean(indicator),
		at: emulator.clock.now(),
	});
	return { success: true };
}

/** POST /{phone-number-id}/messages */
function sendMessage(emulator: GraphEmulator, phoneNumberId: string, raw: unknown) {
	const body = checkProduct(raw);
	if (body.status !== undefined) return markRead(emulator, phoneNumberId, body);
	const { waId, type } = checkEnvelope(body);
	CHECKERS[type](emulator, body, type);
	if (body.recipient_type === 'group') checkGroupSend(emulator, phoneNumberId, waId, type);
	// A call permission request counts against the pair's request limits (Obtain user call permissions).
	const permissionRequest = (body.interactive as Json | undefined)?.type === 'call_permission_request';
	if (permissionRequest) checkPermissionRequest(emulator, phoneNumberId, waId);
	const answer = accept(emulator, phoneNumberId, body, waId, type);
	if (permissionRequest) recordPermissionRequest(emulator, phoneNumberId, waId);
	return answer;
}

/** POST /{phone-number-id}/marketing_messages: marketing templates only (Meta's Send Marketing Messages page). */
function sendMarketingMessage(emulator: GraphEmulator, phoneNumberId: string, raw: unknown) {
	const body = checkProduct(raw);
	const { waId, type } = checkEnvelope(body);
	if (type !== 'template') throw invalidParameter('Message must be a template message.');
	bool(body, 'message_activity_sharing', '');
	const policy = str(body, 'product_policy', '', { oneOf: ['CLOUD_API_FALLBACK', 'STRICT'] }) ?? 'CLOUD_API_FALLBACK';
	// Meta routes through Cloud API while onboarding is incomplete unless the send is STRICT; its error
	// for a STRICT send then is not documented: the emulator answers 134102, Meta's "not eligible".
	if (policy === 'STRICT' && emulator.state.marketingOnboarding !== 'ONBOARDED') {
		throw new GraphError(134102, 'Template unavailable', `This WhatsApp Business Account is not onboarded to the Marketing Messages API (${emulator.state.marketingOnboarding}).`, 500);
	}
	const template = checkTemplate(emulator.state.templates.values(), obj(body, 'template', '')!, 'template');
	if (template.category !== 'MARKETING') {
		throw new GraphError(
			134100,
			'Only marketing messages are supported',
			`Template ${template.name} is in category ${template.category}, not MARKETING.`,
		);
	}
	return accept(emulator, phoneNumberId, body, waId, type, true);
}

export function registerMessages(emulator: GraphEmulator) {
	emulator.route('POST', /^\/(\d+)\/messages$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return sendMessage(emulator, id, req.body);
	});
	emulator.route('POST', /^\/(\d+)\/marketing_messages$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return sendMarketingMessage(emulator, id, req.body);
	});
}
