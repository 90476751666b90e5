import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { numericId, text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, headerTextParam, interactiveFromCloudApi, interactiveRequest } from './support/interactive';
import { messagePartJson } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';

interface SendFlowParams extends SendEnvelope {
	headerText?: string;
	body: string;
	footer?: string;
	flowId?: string;
	flowName?: string;
	flowCta: string;
	flowToken?: string;
	mode: 'published' | 'draft';
	flowAction: 'navigate' | 'data_exchange';
	screen?: string;
	flowData?: Record<string, unknown>;
}

const noEmoji = (value: string) => !/\p{Extended_Pictographic}/u.test(value);

export const sendFlow = defineOperation<SendFlowParams>({
	operation: 'sendFlow',
	label: 'Send Flow',
	action: 'Send a WhatsApp Flow',
	help: 'Sends a button that opens a WhatsApp Flow (a form); the answers come back as an nfm_reply webhook.',
	notice: FREE_FORM_NOTICE,
	sends: 'flows',
	params: sendParams({
		headerText: headerTextParam,
		body: bodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		flowId: { label: 'Flow ID', type: 'string', help: 'The Flow\'s ID; or give its name below.', placeholder: '1234567890', schema: numericId.optional() },
		flowName: { label: 'Flow Name', type: 'string', help: 'The Flow\'s name, when no ID is given.', schema: text(1, 200).optional() },
		flowCta: {
			label: 'Button Text',
			type: 'string',
			required: true,
			help: `The button that opens the Flow, up to ${LIMITS.flowCta} characters, no emoji.`,
			placeholder: 'Book now',
			schema: text(1, LIMITS.flowCta).refine(noEmoji, { message: 'must not contain emoji' }),
		},
		flowToken: { label: 'Flow Token', type: 'string', help: 'Optional: your own token, sent back with the answers.', schema: text(1, 1000).optional() },
		mode: {
			label: 'Mode',
			type: 'options',
			default: 'published',
			options: [{ value: 'published', label: 'Published' }, { value: 'draft', label: 'Draft' }],
			help: 'Draft sends an unpublished Flow, for testing.',
			schema: z.enum(['published', 'draft'], { errorMap: () => ({ message: 'must be published or draft' }) }).default('published'),
		},
		flowAction: {
			label: 'Flow Action',
			type: 'options',
			default: 'navigate',
			options: [
				{ value: 'navigate', label: 'Navigate', help: 'Open the given first screen with the given data' },
				{ value: 'data_exchange', label: 'Data Exchange', help: 'Ask your Flow endpoint for the first screen' },
			],
			help: 'How the Flow starts.',
			schema: z.enum(['navigate', 'data_exchange'], { errorMap: () => ({ message: 'must be navigate or data_exchange' }) }).default('navigate'),
		},
		screen: { label: 'First Screen', type: 'string', showWhen: { flowAction: ['navigate'] }, help: 'The ID of the first screen, e.g. WELCOME.', schema: text(1, 200).optional() },
		flowData: {
			label: 'Screen Data (JSON)',
			type: 'json',
			showWhen: { flowAction: ['navigate'] },
			help: 'Optional JSON object the first screen receives.',
			schema: messagePartJson(z.record(z.unknown(), { invalid_type_error: 'must be a JSON object' })).optional(),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	check: (params) => {
		if (!params.flowId === !params.flowName) throw new ValidationError('Flow ID (flowId)', 'give either a Flow ID or a Flow Name, not both or neither');
	},
	request: (params) => {
		const navigate = params.flowAction === 'navigate' && params.screen;
		return interactiveRequest(params, 'flow', {
			header: params.headerText ? { type: 'text', text: params.headerText } : undefined,
			body: params.body,
			footer: params.footer,
			action: {
				name: 'flow',
				parameters: {
					flow_message_version: '3',
					...(params.flowId ? { flow_id: params.flowId } : { flow_name: params.flowName }),
					...(params.flowToken ? { flow_token: params.flowToken } : {}),
					flow_cta: params.flowCta,
					mode: params.mode,
					flow_action: params.flowAction,
					...(navigate ? { flow_action_payload: { screen: params.screen, ...(params.flowData ? { data: params.flowData } : {}) } } : {}),
				},
			},
		});
	},
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'flow');
		if (!read) return undefined;
		const p = (read.action.parameters ?? {}) as Partial<Record<'flow_id' | 'flow_name' | 'flow_cta' | 'flow_token' | 'mode' | 'flow_action', string>> & {
			flow_action_payload?: { screen?: string; data?: unknown };
		};
		return {
			...read.values,
			headerText: (read.header as { text?: string } | undefined)?.text,
			flowId: p.flow_id,
			flowName: p.flow_name,
			flowCta: p.flow_cta,
			flowToken: p.flow_token,
			mode: p.mode,
			flowAction: p.flow_action,
			screen: p.flow_action_payload?.screen,
			flowData: p.flow_action_payload?.data,
		};
	},
});
