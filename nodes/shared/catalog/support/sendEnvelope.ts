import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { groupId, messageId, numericId, phoneNumber, text } from '../../validation/rules';
import type { ParamSpec } from '../types';
import { serviceWindowParams } from './serviceWindow';

/** The envelope every send shares (sender, recipient, reply-to, tracking data), declared once. */

export const senderParam: ParamSpec<string> = {
	label: 'Sender Phone Number ID',
	type: 'phoneNumberId',
	required: true,
	fromAccount: 'phoneNumberId',
	help: 'The business phone number that sends. Empty: the default phone number ID of the credential.',
	placeholder: '106540352242922',
	schema: numericId,
};

export const recipientParam: ParamSpec<string> = {
	label: 'Recipient Phone Number',
	type: 'string',
	required: true,
	help: 'The customer\'s WhatsApp number in international format, with country code: +16505551234.',
	placeholder: '+16505551234',
	schema: phoneNumber,
};

const replyToParam: ParamSpec<string | undefined> = {
	label: 'Reply To Message ID',
	type: 'string',
	help: 'Optional: the wamid of a message to quote, so this message appears as a reply to it.',
	placeholder: 'wamid.HBgL...',
	schema: messageId.optional(),
};

export const trackingDataParam: ParamSpec<string | undefined> = {
	label: 'Tracking Data',
	type: 'string',
	help: `Optional: any string up to ${LIMITS.bizOpaqueCallbackData} characters, sent back in this message's status webhooks (biz_opaque_callback_data).`,
	placeholder: 'order-4711',
	schema: text(1, LIMITS.bizOpaqueCallbackData).optional(),
};

/**
 * `recipient_identity_key_hash` (Meta's Send messages page): the message is delivered only while
 * the user's identity key still has this hash, so a message never reaches a phone that changed
 * hands. The hash comes with the user's messages when identity change checks are on
 * (Phone Number settings, `user_identity_change`).
 */
export const identityKeyHashParam: ParamSpec<string | undefined> = {
	label: 'Recipient Identity Key Hash',
	type: 'string',
	help: 'Optional: deliver only if the user\'s identity key still has this hash (from their messages\' identity data); a changed phone or reinstall means the message is not delivered.',
	placeholder: 'DF2lS5v2W6x=',
	schema: z
		.string({ invalid_type_error: 'must be text' })
		.trim()
		.refine((value) => /^[A-Za-z0-9+/=_-]{4,256}$/.test(value), { message: 'must be an identity key hash: letters, digits and + / = _ -, as the webhook gives it' })
		.optional(),
};

export type RecipientType = 'individual' | 'group';

export interface SendEnvelope {
	phoneNumberId: string;
	to: string;
	replyTo?: string;
	trackingData?: string;
	recipientIdentityKeyHash?: string;
}

/** The envelope of the sends a group may receive (GROUP_MESSAGE_TYPES). */
export interface GroupSendEnvelope extends SendEnvelope {
	recipientType: RecipientType;
}

/** What a group may receive (Meta's Group messaging page): text, media and templates; the rest is refused before sending. */
const GROUP_MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'document', 'template'] as const;

export const recipientTypeParam: ParamSpec<RecipientType> = {
	label: 'Recipient Type',
	type: 'options',
	default: 'individual',
	options: [
		{ value: 'individual', label: 'Individual', help: 'One customer, by phone number' },
		{ value: 'group', label: 'Group', help: 'A group this number created, by group ID' },
	],
	help: 'Send to one customer or to a group. Groups take text, media and templates (not authentication templates).',
	schema: z.enum(['individual', 'group'], { errorMap: () => ({ message: 'must be individual or group' }) }).default('individual'),
};

/** `to` of a send a group may receive: a phone number, or a group ID when Recipient Type is Group. */
const recipientOrGroupParam: ParamSpec<string> = {
	label: 'Recipient Phone Number or Group ID',
	type: 'string',
	required: true,
	help: 'The customer\'s WhatsApp number in international format (+16505551234), or the group ID when Recipient Type is Group.',
	placeholder: '+16505551234',
	schema: phoneNumber,
	schemaFor: (earlier) => (earlier.recipientType === 'group' ? groupId : phoneNumber),
};

/**
 * A template send's fields in form order: sender and recipient, the message's own fields, then the
 * optional reply-to, tracking data and identity key hash. Templates reach a user at any time: no window option.
 */
export function templateEnvelopeParams<Own extends object>(own: Own) {
	return { phoneNumberId: senderParam, to: recipientParam, ...own, replyTo: replyToParam, trackingData: trackingDataParam, recipientIdentityKeyHash: identityKeyHashParam };
}

/** The same for template sends a group may receive: Recipient Type comes before `to`, as `to` is read by it; a group has no identity key. */
export function groupTemplateEnvelopeParams<Own extends object>(own: Own) {
	return {
		phoneNumberId: senderParam,
		recipientType: recipientTypeParam,
		to: recipientOrGroupParam,
		...own,
		replyTo: replyToParam,
		trackingData: trackingDataParam,
		recipientIdentityKeyHash: { ...identityKeyHashParam, showWhen: { recipientType: ['individual'] } },
	};
}

/** A free-form send's fields: the envelope, then what to do outside the 24-hour window (send, as before the option, by default). */
export function sendParams<Own extends object>(own: Own) {
	return { ...templateEnvelopeParams(own), ...serviceWindowParams };
}

/** The same for the free-form sends a group may receive (a group's window is not tracked: group sends always go). */
export function groupSendParams<Own extends object>(own: Own) {
	return { ...groupTemplateEnvelopeParams(own), ...serviceWindowParams };
}

/** The Cloud API message body for a send: the envelope plus `{type, [type]: object}`. */
export function messageBody(envelope: SendEnvelope & { recipientType?: RecipientType }, type: string, object: unknown) {
	return {
		messaging_product: 'whatsapp',
		recipient_type: envelope.recipientType ?? 'individual',
		to: envelope.to,
		type,
		[type]: object,
		...(envelope.replyTo ? { context: { message_id: envelope.replyTo } } : {}),
		...(envelope.trackingData ? { biz_opaque_callback_data: envelope.trackingData } : {}),
		...(envelope.recipientIdentityKeyHash ? { recipient_identity_key_hash: envelope.recipientIdentityKeyHash } : {}),
	};
}

/**
 * Whether a Cloud API message object (Node-RED's msg.payload) is addressed to a group; refuses the
 * types a group cannot receive before any request.
 */
export function refuseGroupPayload(payload: Record<string, unknown>): boolean {
	if (payload.recipient_type !== 'group') return false;
	if (!(GROUP_MESSAGE_TYPES as readonly unknown[]).includes(payload.type)) {
		throw new ValidationError(
			'Recipient Type (recipient_type)',
			`a group cannot receive ${String(payload.type)} messages: only ${GROUP_MESSAGE_TYPES.join(', ')} can be sent to a group`,
		);
	}
	return true;
}

/** Reads the envelope fields of a Cloud API message object (Node-RED's msg.payload). */
export function envelopeFromCloudApi(payload: Record<string, unknown>): Record<string, unknown> {
	const context = payload.context as { message_id?: unknown } | undefined;
	const group = refuseGroupPayload(payload);
	return {
		...(group ? { recipientType: 'group' } : {}),
		to: payload.to,
		replyTo: context?.message_id,
		trackingData: payload.biz_opaque_callback_data,
		recipientIdentityKeyHash: payload.recipient_identity_key_hash,
	};
}
