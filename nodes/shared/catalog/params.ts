import { z } from 'zod';
import { LIMITS } from '../validation/limits';
import { messageId, numericId, phoneNumber, text } from '../validation/rules';
import type { ParamSpec } from './types';

/** Parameters that many operations share, declared once. */

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

export const replyToParam: ParamSpec<string | undefined> = {
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

export const booleanParam = (label: string, help: string): ParamSpec<boolean> => ({
	label,
	type: 'boolean',
	default: false,
	help,
	schema: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
});

/** The envelope every send shares: sender, recipient, reply-to, tracking data. */
export const sendEnvelopeParams = {
	phoneNumberId: senderParam,
	to: recipientParam,
	replyTo: replyToParam,
	trackingData: trackingDataParam,
};

export interface SendEnvelope {
	phoneNumberId: string;
	to: string;
	replyTo?: string;
	trackingData?: string;
}

/** The Cloud API message body for a send: the envelope plus `{type, [type]: object}`. */
export function messageBody(envelope: SendEnvelope, type: string, object: unknown) {
	return {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: envelope.to,
		type,
		[type]: object,
		...(envelope.replyTo ? { context: { message_id: envelope.replyTo } } : {}),
		...(envelope.trackingData ? { biz_opaque_callback_data: envelope.trackingData } : {}),
	};
}

/** Reads the envelope fields of a Cloud API message object (Node-RED's msg.payload). */
export function envelopeFromCloudApi(payload: Record<string, unknown>): Record<string, unknown> {
	const context = payload.context as { message_id?: unknown } | undefined;
	return {
		to: payload.to,
		replyTo: context?.message_id,
		trackingData: payload.biz_opaque_callback_data,
	};
}

/** The traps every free-form send shares, shown above its fields in both hosts. */
export const FREE_FORM_NOTICE =
	'Free-form messages reach a user only within 24 hours of the user\'s last message; outside that window, send an approved template (else error 131047). ' +
	'Sends to one recipient are paced to the platform\'s limit: 1 message per 6 s on average, bursts of up to 45.';

export const TEMPLATE_NOTICE =
	'Only APPROVED templates can be sent: a new or edited template is reviewed first (up to 24 hours). ' +
	'Sends to one recipient are paced to the platform\'s limit: 1 message per 6 s on average, bursts of up to 45.';
