import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, header, headerFromCloudApi, headerParams, interactiveFromCloudApi, interactiveRequest, type HeaderParams } from './support/interactive';
import { messagePartJson } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';
import { list, unique } from './support/rules';

const buttonId = text(1, LIMITS.buttonId).refine((id) => id === id.trim(), { message: 'must not start or end with a space' });

/** A button as `{id, title}`, or just a title (then the title is its id too). */
const button = z.union([z.string(), z.object({ id: z.unknown(), title: z.unknown() })]).transform((value) => (typeof value === 'string' ? { id: value, title: value } : value)).pipe(
	z.object({ id: buttonId, title: text(1, LIMITS.buttonTitle) }),
);

const buttons = list(button, 1, LIMITS.replyButtons, 'buttons')
	.superRefine(unique((b) => b.id, 'the button id'))
	.superRefine(unique((b) => b.title, 'the button title'));

interface SendButtonsParams extends SendEnvelope, HeaderParams {
	body: string;
	footer?: string;
	buttons: Array<{ id: string; title: string }>;
}

export const sendButtons = defineOperation<SendButtonsParams>({
	operation: 'sendButtons',
	label: 'Send Reply Buttons',
	action: 'Send a message with reply buttons',
	help: `Sends up to ${LIMITS.replyButtons} reply buttons; the tapped button comes back as a button_reply webhook.`,
	notice: FREE_FORM_NOTICE,
	sends: 'reply buttons',
	params: sendParams({
		...headerParams,
		body: bodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		buttons: {
			label: 'Buttons (JSON)',
			type: 'json',
			required: true,
			placeholder: '[{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]',
			help: `1 to ${LIMITS.replyButtons} buttons as [{"id", "title"}] (or just titles); titles up to ${LIMITS.buttonTitle} characters, ids and titles unique.`,
			schema: messagePartJson(buttons),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) =>
		interactiveRequest(params, 'button', {
			header: header(params),
			body: params.body,
			footer: params.footer,
			action: { buttons: params.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
		}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'button');
		if (!read) return undefined;
		const buttons = (read.action.buttons as Array<{ reply?: unknown }> | undefined)?.map((b) => b.reply);
		return { ...read.values, ...headerFromCloudApi(read.header), buttons };
	},
});
