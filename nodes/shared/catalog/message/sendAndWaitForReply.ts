import type { AccountSettings } from '../../credentials';
import type { GraphRequest } from '../../graph/client';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { sendButtons } from './sendButtons';
import { sendFlow } from './sendFlow';
import { sendList } from './sendList';
import { sendTemplate } from './sendTemplate';
import { sendText } from './sendText';
import { checkWaitTime, questionParams, waitParams, type QuestionType, type WaitParams } from './support/question';
import { templateRequest } from './support/templateSend';

type QuestionParams = SendEnvelope & WaitParams & { questionType: QuestionType; headerText?: string } & Record<string, unknown>;

/** The send that asks each kind of question, with this question's fields. */
function questionRequest(params: QuestionParams, account: AccountSettings): GraphRequest {
	const values = params as never;
	switch (params.questionType) {
		case 'buttons':
			return sendButtons.request({ ...params, headerType: params.headerText ? 'text' : 'none' } as never, account);
		case 'list':
			return sendList.request(values, account);
		case 'text':
			return sendText.request({ ...params, previewUrl: false } as never, account);
		case 'template':
			return templateRequest(values, 'messages');
		case 'flow':
			return sendFlow.request(values, account);
	}
}

/** The sends a message object in msg.payload may ask the question as (Node-RED). */
const FROM_CLOUD_API: Array<[QuestionType, (payload: Record<string, unknown>) => Record<string, unknown> | undefined]> = [
	['buttons', (payload) => sendButtons.fromCloudApi?.(payload)],
	['list', (payload) => sendList.fromCloudApi?.(payload)],
	['text', (payload) => sendText.fromCloudApi?.(payload)],
	['template', (payload) => sendTemplate.fromCloudApi?.(payload)],
	['flow', (payload) => sendFlow.fromCloudApi?.(payload)],
];

export const sendAndWaitForReply = defineOperation<QuestionParams>({
	operation: 'sendAndWaitForReply',
	label: 'Send and Wait for Reply',
	action: 'Send a question and wait for the reply',
	help:
		'Asks a question inside WhatsApp (reply buttons, a list, free text, a template with quick replies, or a Flow) and continues with the user\'s answer: ' +
		'the button or row tapped, the text, the Flow\'s answer. Each item waits for its own reply, which comes back through the account\'s trigger or webhook node.',
	notice:
		'The answer arrives through a WhatsApp Platform Trigger (n8n) or WhatsApp webhook node (Node-RED) of the same account, active and receiving this number\'s messages. ' +
		'Free-form questions reach a user only within 24 hours of their last message; a template question reaches them at any time.',
	waitsForReply: true,
	params: sendParams({ ...questionParams, ...waitParams }) as never,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	check: (params, now) => {
		checkWaitTime(params);
		if (params.questionType === 'flow') sendFlow.check?.(params as never, now);
	},
	run: async (params, context, send) => ({ ...sendOutput(await send(questionRequest(params, context.account))), questionType: params.questionType }),
	fromCloudApi: (payload) => {
		for (const [questionType, read] of FROM_CLOUD_API) {
			const values = read(payload);
			if (values) return { ...values, questionType };
		}
		return undefined;
	},
});
