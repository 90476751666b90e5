import { defineOperation } from '../types';
import { TEMPLATE_FIELDS, templateIdParam } from './support/params';

export const getTemplate = defineOperation<{ templateId: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get a message template',
	help: 'Reads one template: status, category, components and quality.',
	params: { templateId: templateIdParam },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'GET', path: params.templateId, query: { fields: TEMPLATE_FIELDS } }),
});
