import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { booleanParam } from '../support/fields';
import { sendOutput } from '../support/outputs';
import { envelopeFromCloudApi, groupSendParams, messageBody, type GroupSendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { FREE_FORM_NOTICE } from './support/notices';

interface SendTextParams extends GroupSendEnvelope {
	body: string;
	previewUrl: boolean;
}

export const sendText = defineOperation<SendTextParams>({
	operation: 'sendText',
	label: 'Send Text',
	action: 'Send a text message',
	help: 'Sends a free-form text message to a customer or a group. Only inside the 24-hour customer service window: outside it, send a template.',
	notice: FREE_FORM_NOTICE,
	sends: 'text',
	params: groupSendParams({
		body: {
			label: 'Text',
			type: 'text',
			required: true,
			help: `The message text, up to ${LIMITS.textBody.toLocaleString('en-US')} characters. WhatsApp formatting (*bold*, _italic_) works.`,
			schema: text(1, LIMITS.textBody),
		},
		previewUrl: booleanParam('Preview URL', 'Show a preview of the first http(s) link in the text.'),
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, 'text', { body: params.body, preview_url: params.previewUrl }),
	}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		if (payload.type !== 'text') return undefined;
		const object = (payload.text ?? {}) as { body?: unknown; preview_url?: unknown };
		return { ...envelopeFromCloudApi(payload), body: object.body, previewUrl: object.preview_url };
	},
});
