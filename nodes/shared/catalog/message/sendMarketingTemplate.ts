import { GraphApiError } from '../../graph/errors';
import { booleanParam, oneOf } from '../support/fields';
import { sendOutput } from '../support/outputs';
import { defineOperation, type ParamSpecs } from '../types';
import { TEMPLATE_NOTICE } from './support/notices';
import { templateFromCloudApi, templateRequest, templateSendParams, type TemplateSendParams } from './support/templateSend';

/**
 * The Marketing Messages API's refusals of a template or WABA it does not take (Meta's Marketing
 * Messages API Support page): 134100 and 131055 for a template that is not MARKETING, 134102 for a
 * template whose ad sync failed or that is not eligible. The same template can go through Cloud API.
 */
const NOT_ELIGIBLE = [134100, 131055, 134102];

interface MarketingSendParams extends TemplateSendParams {
	messageActivitySharing?: 'on' | 'off';
	productPolicy?: 'CLOUD_API_FALLBACK' | 'STRICT';
	fallbackToCloudApi: boolean;
}

const marketingParams: Omit<ParamSpecs<MarketingSendParams>, keyof TemplateSendParams> = {
	messageActivitySharing: {
		label: 'Message Activity Sharing',
		type: 'options',
		default: '',
		options: [
			{ value: '', label: 'WABA Default', help: 'As set in Business Settings' },
			{ value: 'on', label: 'On', help: 'Share this message\'s activity (reads, clicks) with Meta to optimise delivery' },
			{ value: 'off', label: 'Off', help: 'Share nothing of this message' },
		],
		help: 'Whether Meta may use this message\'s activity, such as reads, to optimise delivery (message_activity_sharing).',
		schema: oneOf(['on', 'off'] as const).optional(),
	},
	productPolicy: {
		label: 'Product Policy',
		type: 'options',
		default: '',
		options: [
			{ value: '', label: 'Meta Default', help: 'CLOUD_API_FALLBACK' },
			{ value: 'CLOUD_API_FALLBACK', label: 'Cloud API Fallback', help: 'Meta routes through Cloud API while onboarding is incomplete' },
			{ value: 'STRICT', label: 'Strict', help: 'Marketing Messages API only, never Cloud API' },
		],
		help: 'Whether Meta may deliver through Cloud API while the WABA\'s Marketing Messages API onboarding is incomplete (product_policy).',
		schema: oneOf(['CLOUD_API_FALLBACK', 'STRICT'] as const).optional(),
	},
	fallbackToCloudApi: booleanParam(
		'Fallback to Cloud API',
		'Whether to send the template through Cloud API (POST /messages) when the Marketing Messages API refuses it for eligibility (134100, 131055, 134102); the item then says so in `fallback`.',
	),
};

export const sendMarketingTemplate = defineOperation<MarketingSendParams>({
	operation: 'sendMarketingTemplate',
	label: 'Send Marketing Template',
	action: 'Send a marketing template',
	help: 'Sends a MARKETING template through the Marketing Messages API (POST /{phone-number-id}/marketing_messages), optionally falling back to Cloud API when it refuses the template for eligibility.',
	notice: TEMPLATE_NOTICE,
	sends: 'marketing templates',
	params: { ...templateSendParams, ...marketingParams } as ParamSpecs<MarketingSendParams>,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	run: async (params, _context, send) => {
		const request = templateRequest(params, 'marketing_messages');
		const extras = {
			...(params.messageActivitySharing ? { message_activity_sharing: params.messageActivitySharing === 'on' } : {}),
			...(params.productPolicy ? { product_policy: params.productPolicy } : {}),
		};
		try {
			return sendOutput(await send({ ...request, body: { ...(request.body as object), ...extras } }));
		} catch (error) {
			// A refusal is an answer: nothing was sent, so the same template may go through Cloud API once.
			if (!params.fallbackToCloudApi || !(error instanceof GraphApiError) || !NOT_ELIGIBLE.includes(error.code)) throw error;
			const answer = sendOutput(await send(templateRequest(params, 'messages')));
			return { ...answer, fallback: { to: 'cloud_api', code: error.code, reason: error.details ?? error.title } };
		}
	},
	fromCloudApi: (payload) => {
		const values = templateFromCloudApi(payload);
		if (!values) return undefined;
		const sharing = payload.message_activity_sharing;
		return { ...values, ...(typeof sharing === 'boolean' ? { messageActivitySharing: sharing ? 'on' : 'off' } : {}), productPolicy: payload.product_policy };
	},
});
