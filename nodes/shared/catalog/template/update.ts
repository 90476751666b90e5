import { ValidationError } from '../../graph/errors';
import { jsonOf, oneOf, options } from '../support/fields';
import { defineOperation } from '../types';
import { categories, components } from './support/components';
import { templateIdParam } from './support/params';

interface UpdateTemplateParams {
	templateId: string;
	category?: (typeof categories)[number];
	components?: Array<Record<string, unknown>>;
}

export const updateTemplate = defineOperation<UpdateTemplateParams>({
	operation: 'update',
	label: 'Update',
	action: 'Update a message template',
	help: 'Edits an APPROVED, REJECTED or PAUSED template; the components are replaced as a whole and the template goes back into review. An approved template: once per 24 hours, and its category cannot change.',
	params: {
		templateId: templateIdParam,
		category: {
			label: 'Category',
			type: 'options',
			default: '',
			options: [{ value: '', label: 'Unchanged' }, ...options(categories)],
			help: 'A new category (not for approved templates).',
			schema: oneOf(categories).optional(),
		},
		components: {
			label: 'Components',
			type: 'json',
			help: 'The complete new component list (JSON array of HEADER, BODY, FOOTER, BUTTONS), with the same limits as Create.',
			schema: jsonOf(components.optional()),
		},
	},
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	check: (params) => {
		if (!params.category && !params.components) throw new ValidationError('Components (components)', 'is required when the category stays unchanged: there is nothing to edit');
	},
	request: (params) => ({
		method: 'POST',
		path: params.templateId,
		body: { ...(params.category ? { category: params.category } : {}), ...(params.components ? { components: params.components } : {}) },
	}),
});
