import { numericId } from '../../validation/rules';
import { defineOperation } from '../types';
import { TEMPLATE_FIELDS } from './list';

export const templateIdParam = {
	label: 'Template ID',
	type: 'string' as const,
	required: true,
	help: 'The numeric ID of the template (from Create or Get Many), not its name.',
	placeholder: '594425479261596',
	schema: numericId,
};

export const getTemplate = defineOperation<{ templateId: string }>({
	resource: 'template',
	operation: 'get',
	label: 'Get',
	action: 'Get a message template',
	help: 'Reads one template: status, category, components and quality.',
	params: { templateId: templateIdParam },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'GET', path: params.templateId, query: { fields: TEMPLATE_FIELDS } }),
});
