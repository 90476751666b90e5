import { z } from 'zod';
import { ValidationError } from '../../../graph/errors';
import { LIMITS } from '../../../validation/limits';
import type { GraphRequest } from '../../../graph/client';
import { envelopeFromCloudApi, groupTemplateEnvelopeParams, messageBody, templateEnvelopeParams, type RecipientType, type SendEnvelope } from '../../support/sendEnvelope';
import type { ParamSpecs } from '../../types';
import { oneOf } from '../../support/fields';
import { messagePartJson } from './messageObject';
import { templateValues } from './templateValues';

/** What template sends share (Send Template and Send Marketing Template). */
export interface TemplateSendParams extends SendEnvelope {
	/** Send Template only: Send Marketing Template goes to individuals. */
	recipientType?: RecipientType;
	template: string;
	language: string;
	languagePolicy?: 'deterministic';
	templateParameters: Array<Record<string, unknown>>;
	components?: Array<Record<string, unknown>>;
	campaign?: string;
}

const language = z
	.string({ invalid_type_error: 'must be a language code' })
	.trim()
	.refine((value) => /^[a-z]{2,3}(_[A-Za-z]{2,4})?$/.test(value), { message: 'must be a language code such as en_US, en or pt_BR' });

const templateFields: Omit<ParamSpecs<TemplateSendParams>, keyof SendEnvelope | 'recipientType'> = {
	template: {
		label: 'Template',
		type: 'template',
		required: true,
		help: 'An approved template: pick it from the list, or type name|language (order_update|en_US) or just the name.',
		placeholder: 'order_update',
		schema: z
			.string({ invalid_type_error: 'must be a template name' })
			.trim()
			.refine((value) => /^[a-z0-9_]{1,512}(\|[A-Za-z_]{2,8})?$/.test(value), {
				message: 'must be a template name of lowercase letters, digits and underscores, optionally with |language',
			}),
	},
	language: {
		label: 'Language',
		type: 'string',
		default: 'en_US',
		help: 'The template\'s language code. Ignored when the template is picked as name|language.',
		schema: language.default('en_US'),
	},
	languagePolicy: {
		label: 'Language Policy',
		type: 'options',
		default: '',
		options: [
			{ value: '', label: 'None', help: 'No policy sent: Meta\'s default applies' },
			{ value: 'deterministic', label: 'Deterministic', help: 'Delivered in the language given, or not at all' },
		],
		help: 'Optional: the template\'s language.policy. Deterministic: Meta uses the language and locale given, never another translation.',
		schema: oneOf(['deterministic'] as const).optional(),
	},
	templateParameters: {
		label: 'Template Parameters',
		type: 'templateParameters',
		help: 'One value per placeholder of the template: {"body.first_name": "Pablo", "header.image": "https://…", "button.0.url": "ABC"}.',
		schema: templateValues,
	},
	components: {
		label: 'Components (JSON)',
		type: 'json',
		help: 'For power users: the Cloud API components array, sent as is instead of the parameters above.',
		schema: messagePartJson(z.array(z.record(z.unknown()), { invalid_type_error: 'must be a JSON list of components' })).optional(),
	},
	campaign: {
		label: 'Campaign Key',
		type: 'string',
		help: `Optional: names the campaign this send belongs to (sent as biz_opaque_callback_data, so it comes back in the status webhooks). Campaign > Get Report counts its sends, refusals and statuses. At most ${LIMITS.bizOpaqueCallbackData} characters; instead of Tracking Data.`,
		placeholder: 'spring-sale-2026',
		schema: z
			.string({ invalid_type_error: 'must be text' })
			.trim()
			.max(LIMITS.bizOpaqueCallbackData, { message: `is over Meta's ${LIMITS.bizOpaqueCallbackData}-character limit for biz_opaque_callback_data` })
			.optional()
			.transform((value) => value || undefined),
	},
};

export const templateSendParams = templateEnvelopeParams(templateFields) as ParamSpecs<TemplateSendParams>;

/** Send Template's fields: a group may receive marketing and utility templates (Meta's Group messaging page). */
export const groupTemplateSendParams: ParamSpecs<TemplateSendParams> = groupTemplateEnvelopeParams(templateFields);

/** name|language → {name, language}. */
export function templateRef(params: TemplateSendParams) {
	const [name, picked] = params.template.split('|');
	return { name, language: picked || params.language };
}

export function templateRequest(params: TemplateSendParams, endpoint: 'messages' | 'marketing_messages'): GraphRequest {
	const { name, language } = templateRef(params);
	const components = params.components ?? params.templateParameters;
	if (params.campaign && params.trackingData)
		throw new ValidationError('Campaign Key (campaign)', 'and Tracking Data both travel in biz_opaque_callback_data: set one of them');
	const envelope = params.campaign ? { ...params, trackingData: params.campaign } : params;
	return {
		method: 'POST',
		path: `${params.phoneNumberId}/${endpoint}`,
		body: messageBody(envelope, 'template', { name, language: { code: language, ...(params.languagePolicy ? { policy: params.languagePolicy } : {}) }, ...(components.length ? { components } : {}) }),
	};
}

export function templateFromCloudApi(payload: Record<string, unknown>) {
	if (payload.type !== 'template') return undefined;
	const object = (payload.template ?? {}) as { name?: string; language?: { code?: string; policy?: string }; components?: unknown };
	return { ...envelopeFromCloudApi(payload), template: object.name, language: object.language?.code, languagePolicy: object.language?.policy, components: object.components };
}
