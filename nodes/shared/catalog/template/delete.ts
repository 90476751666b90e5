import { numericId } from '../../validation/rules';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { templateName } from './support/components';

interface DeleteTemplateParams {
	wabaId: string;
	name: string;
	templateId?: string;
}

export const deleteTemplate = defineOperation<DeleteTemplateParams>({
	operation: 'delete',
	label: 'Delete',
	action: 'Delete a message template',
	help: 'Deletes a template by name (every language), or one language by its ID and name. A deleted approved name is blocked for 30 days.',
	params: {
		wabaId: wabaParam,
		name: { label: 'Name', type: 'string', required: true, help: 'The template name.', placeholder: 'order_update', schema: templateName },
		templateId: {
			label: 'Template ID',
			type: 'string',
			help: 'Optional: delete only this language of the template (its hsm_id). Empty: every language.',
			schema: numericId.optional(),
		},
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({
		method: 'DELETE',
		path: `${params.wabaId}/message_templates`,
		query: { name: params.name, hsm_id: params.templateId },
	}),
	output: (data, params) => ({ deleted: (data as { success?: boolean }).success === true, name: params.name, ...(params.templateId ? { templateId: params.templateId } : {}) }),
});
