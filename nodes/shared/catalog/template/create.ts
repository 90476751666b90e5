import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { jsonOf, oneOf, options } from '../support/fields';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { bodyText, buttons, categories, footerText, headerText, templateLanguage, templateName, textExamples, type Button } from './support/components';

const headerFormats = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;

interface CreateTemplateParams {
	wabaId: string;
	name: string;
	language: string;
	category: (typeof categories)[number];
	parameterFormat: 'named' | 'positional';
	headerFormat: (typeof headerFormats)[number];
	headerText?: string;
	headerExample?: string;
	headerHandle?: string;
	body?: string;
	bodyExamples?: unknown;
	addSecurityRecommendation?: boolean;
	codeExpirationMinutes?: number;
	footer?: string;
	buttons?: Button[];
}

/** The header, body, footer and buttons components, with the examples Meta reviews. */
function buildComponents(params: CreateTemplateParams) {
	const list: Array<Record<string, unknown>> = [];
	const fail = (field: string, problem: string) => new ValidationError(field, problem);
	if (params.category === 'AUTHENTICATION') return authenticationComponents(params);
	if (params.headerFormat === 'TEXT') {
		if (!params.headerText) throw fail('Header Text (headerText)', 'is required for a text header');
		const variable = /\{\{\s*([^}]*?)\s*\}\}/.exec(params.headerText)?.[1];
		const example = params.parameterFormat === 'named' && variable ? { [variable]: params.headerExample } : params.headerExample ? [params.headerExample] : [];
		const built = textExamples('header', params.headerText, params.parameterFormat, example);
		if (built?.problem) throw fail('Header Example (headerExample)', built.problem);
		list.push({ type: 'HEADER', format: 'TEXT', text: params.headerText, ...(built?.example ? { example: built.example } : {}) });
	} else if (params.headerFormat === 'LOCATION') {
		list.push({ type: 'HEADER', format: 'LOCATION' });
	} else if (params.headerFormat !== 'NONE') {
		if (!params.headerHandle) throw fail('Header Media Handle (headerHandle)', `is required for a ${params.headerFormat} header: upload a sample with the Resumable Upload API`);
		list.push({ type: 'HEADER', format: params.headerFormat, example: { header_handle: [params.headerHandle] } });
	}
	if (!params.body) throw fail('Body (body)', 'is required');
	const body = textExamples('body', params.body, params.parameterFormat, params.bodyExamples);
	if (body?.problem) throw fail('Body Examples (bodyExamples)', body.problem);
	list.push({ type: 'BODY', text: params.body, ...(body?.example ? { example: body.example } : {}) });
	if (params.footer) list.push({ type: 'FOOTER', text: params.footer });
	if (params.buttons?.length) list.push({ type: 'BUTTONS', buttons: params.buttons });
	return list;
}

/** Authentication templates have fixed texts: Meta writes the body; the flow picks the OTP button. */
function authenticationComponents(params: CreateTemplateParams) {
	const otp = params.buttons?.filter((b) => b.type === 'OTP') ?? [];
	if (otp.length !== 1 || params.buttons!.length !== 1) {
		throw new ValidationError('Buttons (buttons)', 'an AUTHENTICATION template needs exactly one OTP button: [{"type":"OTP","otp_type":"COPY_CODE","text":"Copy code"}]');
	}
	return [
		{ type: 'BODY', add_security_recommendation: params.addSecurityRecommendation ?? false },
		...(params.codeExpirationMinutes ? [{ type: 'FOOTER', code_expiration_minutes: params.codeExpirationMinutes }] : []),
		{ type: 'BUTTONS', buttons: otp },
	];
}

export const createTemplate = defineOperation<CreateTemplateParams>({
	operation: 'create',
	label: 'Create',
	action: 'Create a message template',
	help: 'Submits a message template for review (up to 24 hours); it starts as PENDING. At most 100 creations per WABA per hour.',
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
		headerFormat: {
			label: 'Header',
			showWhen: { category: ['MARKETING', 'UTILITY'] },
			type: 'options',
			default: 'NONE',
			options: options(headerFormats, { NONE: 'None' }),
			help: 'An optional header: text (60 characters), an image, video or document sample, or a location.',
			schema: oneOf(headerFormats).default('NONE'),
		},
		headerText: {
			label: 'Header Text',
			type: 'string',
			showWhen: { headerFormat: ['TEXT'] },
			help: 'Up to 60 characters and at most one variable.',
			schema: headerText.optional(),
		},
		headerExample: {
			label: 'Header Example',
			type: 'string',
			showWhen: { headerFormat: ['TEXT'] },
			help: 'A sample value for the header variable, if it has one.',
			schema: z.string().optional(),
		},
		headerHandle: {
			label: 'Header Media Handle',
			type: 'string',
			showWhen: { headerFormat: ['IMAGE', 'VIDEO', 'DOCUMENT'] },
			help: 'The handle (4::…) of a sample file from the Resumable Upload API.',
			placeholder: '4::aW1hZ2UvanBlZw==:ARb…',
			schema: z.string().trim().optional(),
		},
		body: {
			label: 'Body',
			type: 'text',
			showWhen: { category: ['MARKETING', 'UTILITY'] },
			help: 'Required: up to 1,024 characters, with variables such as {{1}} or {{first_name}}; variables may not start or end the text.',
			schema: bodyText.optional(),
		},
		addSecurityRecommendation: {
			label: 'Add Security Recommendation',
			type: 'boolean',
			default: false,
			showWhen: { category: ['AUTHENTICATION'] },
			help: 'Whether to add "For your security, do not share this code." to the fixed body.',
			schema: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
		},
		codeExpirationMinutes: {
			label: 'Code Expiration Minutes',
			type: 'number',
			showWhen: { category: ['AUTHENTICATION'] },
			help: 'Optional: 1 to 90; the footer then says when the code expires. 0: no expiry line.',
			// n8n's number fields hold 0 when left alone: that means none.
			schema: z.preprocess(
				(value) => (value === 0 || value === '0' ? undefined : value),
				z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 90 minutes').max(90, 'must be 1 to 90 minutes').optional(),
			),
		},
		bodyExamples: {
			label: 'Body Examples',
			showWhen: { category: ['MARKETING', 'UTILITY'] },
			type: 'json',
			help: 'Sample values for the body variables: ["Pablo", "860198"] for positional, {"first_name": "Pablo"} for named.',
			schema: jsonOf(z.union([z.array(z.union([z.string(), z.number()])), z.record(z.string())], { errorMap: () => ({ message: 'must be a JSON array (positional) or object (named)' }) }).optional()),
		},
		footer: { label: 'Footer', type: 'string', showWhen: { category: ['MARKETING', 'UTILITY'] }, help: 'Optional text under the body, up to 60 characters.', schema: footerText.optional() },
		buttons: {
			label: 'Buttons',
			type: 'json',
			help: 'Optional JSON array: [{"type":"QUICK_REPLY","text":"Stop"}, {"type":"URL","text":"Track","url":"https://x.com/t/{{1}}","example":["https://x.com/t/A1"]}, {"type":"PHONE_NUMBER","text":"Call","phone_number":"15550051310"}, {"type":"COPY_CODE","example":"25OFF"}]. At most 10; quick replies grouped.',
			schema: jsonOf(buttons.optional()),
		},
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({
		method: 'POST',
		path: `${params.wabaId}/message_templates`,
		body: {
			name: params.name,
			language: params.language,
			category: params.category,
			parameter_format: params.parameterFormat,
			components: buildComponents(params),
		},
	}),
});
