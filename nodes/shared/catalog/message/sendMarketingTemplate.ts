import { sendOutput } from '../support/outputs';
import { defineOperation } from '../types';
import { TEMPLATE_NOTICE } from './support/notices';
import { templateFromCloudApi, templateRequest, templateSendParams, type TemplateSendParams } from './support/templateSend';

export const sendMarketingTemplate = defineOperation<TemplateSendParams>({
	operation: 'sendMarketingTemplate',
	label: 'Send Marketing Template',
	action: 'Send a marketing template',
	help: 'Sends a MARKETING template through the Marketing Messages API (POST /{phone-number-id}/marketing_messages).',
	notice: TEMPLATE_NOTICE,
	sends: 'marketing templates',
	params: templateSendParams,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => templateRequest(params, 'marketing_messages'),
	output: sendOutput,
	fromCloudApi: templateFromCloudApi,
});
