import { messageId } from '../../validation/rules';
import { booleanParam } from '../support/fields';
import { senderParam } from '../support/sendEnvelope';
import { defineOperation } from '../types';

interface MarkReadParams {
	phoneNumberId: string;
	messageId: string;
	typingIndicator: boolean;
}

export const markMessageRead = defineOperation<MarkReadParams>({
	operation: 'markRead',
	label: 'Mark as Read',
	action: 'Mark a message as read',
	help: 'Marks an incoming message (and the ones before it) as read, optionally showing a typing indicator.',
	params: {
		phoneNumberId: senderParam,
		messageId: { label: 'Message ID', type: 'string', required: true, help: 'The wamid of the incoming message.', placeholder: 'wamid.HBgL...', schema: messageId },
		typingIndicator: booleanParam('Show Typing Indicator', 'Show "typing…" until you reply or for up to 25 s. Only when a reply follows.'),
	},
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: {
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: params.messageId,
			...(params.typingIndicator ? { typing_indicator: { type: 'text' } } : {}),
		},
	}),
	fromCloudApi: (payload) => (payload.status === 'read' ? { messageId: payload.message_id, typingIndicator: Boolean(payload.typing_indicator) } : undefined),
});
