import { defineOperation } from '../types';
import { sendOutput } from './output';
import { templateFromCloudApi, templateRequest, templateSendParams, type TemplateSendParams } from './templateSend';

export const sendMarketingTemplate = defineOperation<TemplateSendParams>({
	resource: 'message',
	operation: 'sendMarketingTemplate',
	label: 'Send Marketing Template',
	action: 'Send a marketing template',
	help: 'Sends a MARKETING template through the Marketing Messages API (POST /{phone-number-id}/marketing_messages).',
	params: templateSendParams,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => templateRequest(params, 'marketing_messages'),
	output: sendOutput,
	fromCloudApi: templateFromCloudApi,
});
