import { defineOperation } from '../types';
import { sendOutput } from './output';
import { groupTemplateSendParams, templateFromCloudApi, templateRequest, type TemplateSendParams } from './templateSend';

export const sendTemplate = defineOperation<TemplateSendParams>({
	resource: 'message',
	operation: 'sendTemplate',
	label: 'Send Template',
	action: 'Send a template message',
	help: 'Sends an approved template, the only message allowed outside the 24-hour customer service window. Groups take marketing and utility templates, never authentication templates (error 131051).',
	params: groupTemplateSendParams,
	pacing: { kind: 'message', recipient: (params) => params.to },
	request: (params) => templateRequest(params, 'messages'),
	output: sendOutput,
	fromCloudApi: templateFromCloudApi,
});
