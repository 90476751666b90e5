import { ValidationError } from '../../graph/errors';
import { checkHandle } from '../support/uploadSources';
import { jsonOf, oneOf, options } from '../support/fields';
import { defineOperation } from '../types';
import { buildComponents } from './support/build';
import { categories, components } from './support/components';
import { reviewWaitParams, templateFormParams, type ReviewWaitParams, type TemplateForm } from './support/form';
import { waitForReview } from './support/review';
import { givenSamples, prepareSamples } from './support/samples';
import { templateIdParam } from './support/params';

interface UpdateTemplateParams extends TemplateForm, ReviewWaitParams {
	templateId: string;
	category?: (typeof categories)[number];
	editWith: 'json' | 'fields';
	components?: Array<Record<string, unknown>>;
}

/** What the edit reads of the template: its category (kept unless changed), how its variables are written, its status before the edit. */
interface Stored {
	category?: (typeof categories)[number];
	parameter_format?: string;
	status?: string;
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
		editWith: {
			label: 'Edit With',
			type: 'options',
			default: 'json',
			options: [
				{ value: 'json', label: 'Components (JSON)', help: 'The complete component list as JSON' },
				{ value: 'fields', label: 'Form Fields', help: 'Header, body, buttons, carousel cards or offer, as Create has them' },
			],
			help: 'How the new content is given. Form Fields read the template\'s category and parameter format first (one read of the WABA\'s budget, as Wait for Approval reads its status first).',
			schema: oneOf(['json', 'fields'] as const).default('json'),
		},
		components: {
			label: 'Components',
			type: 'json',
			showWhen: { editWith: ['json'] },
			help: 'The complete new component list (JSON array of HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER), with the same limits as Create.',
			schema: jsonOf(components.optional()),
		},
		...templateFormParams('update'),
		...reviewWaitParams,
	},
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	check: (params, now) => {
		if (params.editWith === 'json' && !params.category && !params.components) {
			throw new ValidationError('Components (components)', 'is required when the category stays unchanged: there is nothing to edit');
		}
		if (params.editWith === 'fields' && (params.headerMediaSource ?? 'handle') === 'handle') checkHandle('Header Media Handle (headerHandle)', params.headerHandle, now);
		if (params.editWith === 'fields' && (params.cardMediaSource ?? 'handle') === 'handle') params.cardMedia?.forEach((handle, index) => checkHandle(`Card Samples (cardMedia), card ${index + 1}`, handle, now));
	},
	run: async (params, context, send) => {
		const edit = { ...(params.category ? { category: params.category } : {}) };
		let newComponents = params.components;
		const upload = params.editWith === 'fields' ? await prepareSamples(params, params.templateType === 'carousel', context) : undefined;
		const readFirst = params.editWith === 'fields' || params.waitForApproval;
		const stored = readFirst ? ((await send({ method: 'GET', path: params.templateId, query: { fields: 'category,parameter_format,status' } })) as Stored) : {};
		if (upload) {
			const category = params.category ?? stored.category ?? 'MARKETING';
			if (category === 'AUTHENTICATION') throw new ValidationError('Edit With (editWith)', 'an AUTHENTICATION template\'s fixed texts are edited with Components (JSON)');
			const shape = { category, parameterFormat: stored.parameter_format?.toLowerCase() === 'named' ? ('named' as const) : ('positional' as const) };
			buildComponents(params, shape, givenSamples(params));
			newComponents = buildComponents(params, shape, await upload(send));
		}
		const since = Date.now();
		const result = (await send({ method: 'POST', path: params.templateId, body: { ...edit, ...(newComponents ? { components: newComponents } : {}) } })) as { success?: boolean };
		if (!params.waitForApproval) return result;
		return { ...result, ...(await waitForReview(context, send, { ...params, templateId: params.templateId, wabaId: context.account.wabaId, since, before: stored.status })) };
	},
});
