import { LIMITS } from '../../../validation/limits';
import { bodyComponents, fail, headerComponents, type TemplateShape } from './parts';
import type { TemplateForm } from './form';

/**
 * A limited-time offer (Meta's "Limited-time offer templates" page): an optional image or video
 * header, the offer (a heading of 16 characters, with or without its expiry countdown), a body of
 * at most 600 characters, a Copy Code button first (required with the countdown) and a URL button;
 * no footer.
 */

type Json = Record<string, unknown>;

export function offerComponents(form: TemplateForm, shape: TemplateShape, headerHandle: string | undefined): Json[] {
	const format = form.headerFormat ?? 'NONE';
	if (!['NONE', 'IMAGE', 'VIDEO'].includes(format)) throw fail('Header (headerFormat)', `a limited-time offer takes an IMAGE or VIDEO header, or none; got ${format}`);
	if (!form.offerText) throw fail('Offer Text (offerText)', 'is required for a limited-time offer');
	const hasExpiration = form.offerHasExpiration ?? false;
	if (hasExpiration && !form.offerCode) throw fail('Offer Code Example (offerCode)', 'is required when the offer has an expiration: the message shows the code with its countdown');
	return [
		...headerComponents(form, shape, headerHandle),
		{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: form.offerText, has_expiration: hasExpiration } },
		...bodyComponents(form, shape, { limit: LIMITS.offerBody, what: 'a limited-time offer' }),
		{ type: 'BUTTONS', buttons: [...(form.offerCode ? [{ type: 'COPY_CODE', example: form.offerCode }] : []), urlButton(form)] },
	];
}

function urlButton(form: TemplateForm): Json {
	if (!form.offerUrlButtonText) throw fail('URL Button Text (offerUrlButtonText)', 'is required: a limited-time offer has a URL button');
	if (!form.offerUrlButtonUrl) throw fail('URL Button URL (offerUrlButtonUrl)', 'is required: a limited-time offer has a URL button');
	const url = form.offerUrlButtonUrl;
	const variable = /\{\{\s*1\s*\}\}$/.test(url);
	if (/\{\{/.test(url) && !variable) throw fail('URL Button URL (offerUrlButtonUrl)', 'may hold one variable, {{1}}, at its end');
	if (url.length > LIMITS.templateButtonUrl) throw fail('URL Button URL (offerUrlButtonUrl)', `must be at most ${LIMITS.templateButtonUrl} characters, got ${url.length}`);
	if (variable && !form.offerUrlExample) throw fail('URL Example (offerUrlExample)', 'is required: the URL has a variable, and Meta reviews it with a sample');
	return { type: 'URL', text: form.offerUrlButtonText, url, ...(variable ? { example: [form.offerUrlExample] } : {}) };
}
