import { checkHandle } from '../support/uploadSources';
import { oneOf, options } from '../support/fields';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { buildComponents } from './support/build';
import { categories, templateLanguage, templateName } from './support/components';
import { authenticationParams, reviewWaitParams, templateFormParams, type AuthenticationForm, type ReviewWaitParams, type TemplateForm } from './support/form';
import { waitForReview } from './support/review';
import { givenSamples, prepareSamples } from './support/samples';

interface CreateTemplateParams extends TemplateForm, AuthenticationForm, ReviewWaitParams {
	wabaId: string;
	name: string;
	language: string;
	category: (typeof categories)[number];
	parameterFormat: 'named' | 'positional';
}

interface Created {
	id: string;
	status: string;
	category: string;
}

export const createTemplate = defineOperation<CreateTemplateParams>({
	operation: 'create',
	label: 'Create',
	action: 'Create a message template',
	help: 'Submits a message template for review (up to 24 hours); it starts as PENDING. Standard, media card carousel or limited-time offer; media samples from a handle, a URL or the flow. At most 100 creations per WABA per hour.',
	params: {
		wabaId: wabaParam,
		name: {
			label: 'Name',
			type: 'string',
			required: true,
			help: 'Lowercase letters, digits and underscores, up to 512 characters. Each language of a template shares its name.',
			placeholder: 'order_update',
			schema: templateName,
		},
		language: { label: 'Language', type: 'string', default: 'en_US', help: 'The language code: en_US, de, pt_BR, … (en_US when empty).', schema: templateLanguage.default('en_US') },
		category: {
			label: 'Category',
			type: 'options',
			required: true,
			default: 'UTILITY',
			options: options(categories),
			help: 'MARKETING (promotions), UTILITY (about an order or account) or AUTHENTICATION (one-time codes).',
			schema: oneOf(categories),
		},
		parameterFormat: {
			label: 'Parameter Format',
			type: 'options',
			default: 'positional',
			options: [
				{ value: 'positional', label: 'Positional ({{1}}, {{2}})' },
				{ value: 'named', label: 'Named ({{first_name}})' },
			],
			help: 'How the variables of the header and body are written.',
			schema: oneOf(['named', 'positional'] as const).default('positional'),
		},
		...templateFormParams('create'),
		...authenticationParams,
		...reviewWaitParams,
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	check: (params, now) => {
		if (params.headerMediaSource === 'handle' || params.headerMediaSource === undefined) checkHandle('Header Media Handle (headerHandle)', params.headerHandle, now);
		if ((params.cardMediaSource ?? 'handle') === 'handle') params.cardMedia?.forEach((handle, index) => checkHandle(`Card Samples (cardMedia), card ${index + 1}`, handle, now));
	},
	run: async (params, context, send) => {
		const shape = { category: params.category, parameterFormat: params.parameterFormat };
		// Every component is checked, and every file read, before the first request.
		buildComponents(params, shape, givenSamples(params));
		const upload = await prepareSamples(params, params.category === 'MARKETING' && params.templateType === 'carousel', context);
		const samples = await upload(send);
		const since = Date.now();
		const body = { name: params.name, language: params.language, category: params.category, parameter_format: params.parameterFormat, components: buildComponents(params, shape, samples) };
		const created = (await send({ method: 'POST', path: `${params.wabaId}/message_templates`, body })) as Created;
		if (!params.waitForApproval) return created;
		return { ...created, ...(await waitForReview(context, send, { ...params, templateId: created.id, wabaId: params.wabaId, since })) };
	},
});
