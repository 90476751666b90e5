import { z } from 'zod';
import type { ListParams } from '../../graph/paging';
import { oneOf, options } from '../support/fields';
import { listParams, wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { categories } from './support/components';
import { TEMPLATE_FIELDS } from './support/params';

const statuses = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'ARCHIVED'] as const;
const qualities = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
const any = { value: '', label: 'Any' };

interface GetManyTemplatesParams extends ListParams {
	wabaId: string;
	name?: string;
	status?: string;
	category?: string;
	language?: string;
	qualityScore?: string;
}

export const getManyTemplates = defineOperation<GetManyTemplatesParams>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many message templates',
	help: 'Lists the WABA\'s message templates, one item per template, filtered by name, status, category, language or quality.',
	params: {
		wabaId: wabaParam,
		...listParams,
		name: { label: 'Name', type: 'string', help: 'Only templates whose name contains this text.', schema: z.string().trim().optional() },
		status: { label: 'Status', type: 'options', default: '', options: [any, ...options(statuses)], help: 'Only templates in this status.', schema: oneOf(statuses).optional() },
		category: { label: 'Category', type: 'options', default: '', options: [any, ...options(categories)], help: 'Only templates of this category.', schema: oneOf(categories).optional() },
		language: { label: 'Language', type: 'string', help: 'Only templates in this language, e.g. en_US.', schema: z.string().trim().optional() },
		qualityScore: { label: 'Quality', type: 'options', default: '', options: [any, ...options(qualities)], help: 'Only templates with this quality rating.', schema: oneOf(qualities).optional() },
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	paginate: true,
	request: (params) => ({
		method: 'GET',
		path: `${params.wabaId}/message_templates`,
		query: {
			fields: TEMPLATE_FIELDS,
			name: params.name,
			status: params.status,
			category: params.category,
			language: params.language,
			quality_score: params.qualityScore,
		},
	}),
});
