import { z } from 'zod';
import { templateValues } from '../message/support/templateValues';
import type { ParamSpec } from '../types';
import { jsonOf, oneOf } from './fields';

/**
 * What a free-form send does outside the user's 24-hour customer service window (Meta's "Send
 * messages" page: only templates reach a user who has not written or called within 24 hours;
 * anything else fails later with 131047). The window is known from the user's messages and calls
 * the account's trigger or webhook node received; a user it never heard from counts as outside.
 */
export type OutsideWindow = 'send' | 'fail' | 'template';

export interface ServiceWindowParams {
	outsideWindow: OutsideWindow;
	fallbackTemplate?: string;
	fallbackLanguage?: string;
	fallbackParameters?: Array<Record<string, unknown>>;
}

const showForTemplate = { outsideWindow: ['template'] };

/** The components list as given, or keyed values built into one (as Template Parameters are). */
const componentsOrValues = z.unknown().transform((value, ctx) => {
	if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
	const built = templateValues.safeParse(value);
	if (built.success) return built.data;
	for (const issue of built.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
	return z.NEVER;
});

export const serviceWindowParams: { [K in keyof ServiceWindowParams]-?: ParamSpec<ServiceWindowParams[K]> } = {
	outsideWindow: {
		label: 'Outside the 24-Hour Window',
		type: 'options',
		default: 'send',
		options: [
			{ value: 'send', label: 'Send Anyway', help: 'Send it; Meta refuses it later (131047) if the window is closed' },
			{ value: 'fail', label: 'Fail Before Sending', help: 'Send nothing and fail with an error naming the window' },
			{ value: 'template', label: 'Send a Template Instead', help: 'Send the template below instead: templates reach a user at any time' },
		],
		help: 'When the recipient has not written or called this number within 24 hours (as the account\'s trigger or webhook node heard; a user it never heard from counts as outside): send anyway, fail before sending, or send an approved template instead.',
		schema: oneOf(['send', 'fail', 'template'] as const).default('send'),
	},
	fallbackTemplate: {
		label: 'Template Instead',
		type: 'template',
		required: true,
		showWhen: showForTemplate,
		help: 'The approved template sent instead, outside the window: pick it, or type name|language or just the name.',
		placeholder: 'order_update',
		schema: z
			.string({ invalid_type_error: 'must be a template name' })
			.trim()
			.refine((value) => /^[a-z0-9_]{1,512}(\|[A-Za-z_]{2,8})?$/.test(value), { message: 'must be a template name of lowercase letters, digits and underscores, optionally with |language' })
			.optional(),
	},
	fallbackLanguage: {
		label: 'Template Instead: Language',
		type: 'string',
		default: 'en_US',
		showWhen: showForTemplate,
		help: 'The language code of the template sent instead. Ignored when it is picked as name|language.',
		schema: z.string({ invalid_type_error: 'must be a language code' }).trim().default('en_US'),
	},
	fallbackParameters: {
		label: 'Template Instead: Parameters (JSON)',
		type: 'json',
		showWhen: showForTemplate,
		help: 'Values for its placeholders, keyed by where they go: {"body.1": "Jane", "button.0.quick_reply": "YES"}; or the Cloud API components list.',
		placeholder: '{"body.1": "Jane"}',
		schema: jsonOf(componentsOrValues).optional(),
	},
};
