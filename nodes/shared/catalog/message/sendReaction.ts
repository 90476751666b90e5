import { z } from 'zod';
import { messageId } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { envelopeFromCloudApi, identityKeyHashParam, messageBody, recipientParam, senderParam, trackingDataParam, type SendEnvelope } from '../support/sendEnvelope';
import { serviceWindowParams, type ServiceWindowParams } from '../support/serviceWindow';
import { defineOperation } from '../types';
import { FREE_FORM_NOTICE } from './support/notices';

/** Exactly one emoji (one grapheme, which may be a ZWJ sequence or carry a skin tone). */
const emoji = z.string({ invalid_type_error: 'must be an emoji' }).refine(
	(value) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)].length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value),
	{ message: 'must be exactly one emoji, e.g. 👍 (leave it empty to remove the reaction)' },
);

interface SendReactionParams extends Omit<SendEnvelope, 'replyTo'>, ServiceWindowParams {
	messageId: string;
	emoji?: string;
}

export const sendReaction = defineOperation<SendReactionParams>({
	operation: 'sendReaction',
	label: 'Send Reaction',
	action: 'React to a message',
	help: 'Reacts to a message with an emoji, or removes this number\'s reaction when the emoji is empty.',
	notice: FREE_FORM_NOTICE,
	sends: 'reactions',
	// A reaction cannot quote a message: the envelope without reply-to.
	params: {
		phoneNumberId: senderParam,
		to: recipientParam,
		messageId: { label: 'Message ID', type: 'string', required: true, help: 'The wamid of the message to react to (at most 30 days old).', placeholder: 'wamid.HBgL...', schema: messageId },
		emoji: { label: 'Emoji', type: 'string', help: 'One emoji. Empty removes the reaction.', placeholder: '👍', schema: emoji.optional() },
		trackingData: trackingDataParam,
		recipientIdentityKeyHash: identityKeyHashParam,
		...serviceWindowParams,
	},
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, 'reaction', { message_id: params.messageId, emoji: params.emoji ?? '' }),
	}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		if (payload.type !== 'reaction') return undefined;
		const object = (payload.reaction ?? {}) as Record<string, unknown>;
		return { ...envelopeFromCloudApi(payload), messageId: object.message_id, emoji: object.emoji };
	},
});
