import { ValidationError } from '../../graph/errors';
import { sendOutput } from '../support/outputs';
import { defineOperation } from '../types';
import { TEMPLATE_NOTICE } from './support/notices';
import { groupTemplateSendParams, templateFromCloudApi, templateRef, templateRequest, type TemplateSendParams } from './support/templateSend';

interface TemplatesPage {
	data?: Array<{ name?: string; language?: string; category?: string }>;
}

export const sendTemplate = defineOperation<TemplateSendParams>({
	operation: 'sendTemplate',
	label: 'Send Template',
	action: 'Send a template message',
	help: 'Sends an approved template, the only message allowed outside the 24-hour customer service window. Groups take marketing and utility templates: an authentication template is refused before sending.',
	notice: TEMPLATE_NOTICE,
	sends: 'templates',
	params: groupTemplateSendParams,
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	// A group never receives an authentication template (Meta's Group messaging page): its category is looked up first,
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
