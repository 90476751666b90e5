import { ValidationError } from '../../graph/errors';
import { defineOperation } from '../types';
import { sendOutput } from './output';
import { groupTemplateSendParams, templateFromCloudApi, templateRef, templateRequest, type TemplateSendParams } from './templateSend';

interface TemplatesPage {
	data?: Array<{ name?: string; language?: string; category?: string }>;
}

export const sendTemplate = defineOperation<TemplateSendParams>({
	resource: 'message',
	operation: 'sendTemplate',
	label: 'Send Template',
	action: 'Send a template message',
	help: 'Sends an approved template, the only message allowed outside the 24-hour customer service window. Groups take marketing and utility templates: an authentication template is refused before sending.',
	params: groupTemplateSendParams,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => templateRequest(params, 'messages'),
	// A group never receives an authentication template (§12.3): its category is looked up first,
	// so the flow learns it before anything is sent (one management call, only for group sends).
	run: async (params, context, send) => {
		if (params.recipientType === 'group' && context.account.wabaId) {
			const { name, language } = templateRef(params);
			const lookup = { method: 'GET' as const, path: `${context.account.wabaId}/message_templates`, query: { name, fields: 'name,language,category' } };
			const page = (await send(lookup, { kind: 'management', waba: (_params, account) => account.wabaId })) as TemplatesPage;
			const template = page.data?.find((t) => t.name === name && t.language === language);
			if (template?.category === 'AUTHENTICATION')
				throw new ValidationError('Template (template)', `${name} (${language}) is an authentication template: groups take marketing and utility templates only`);
		}
		return sendOutput(await send(templateRequest(params, 'messages')));
	},
	fromCloudApi: templateFromCloudApi,
});
