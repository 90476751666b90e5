import { ValidationError } from '../../../graph/errors';
import { categories, textExamples } from './components';
import type { TemplateForm } from './form';

/** The parts every kind of template builds from: its shape, the header and the body with their examples. */

/** The template's own settings the components depend on: its category and how its variables are written. */
export interface TemplateShape {
	category: (typeof categories)[number];
	parameterFormat: 'named' | 'positional';
}

type Json = Record<string, unknown>;

export const fail = (field: string, problem: string) => new ValidationError(field, problem);

/** The header: text with its example, a location, or a media sample by its handle. */
export function headerComponents(form: TemplateForm, shape: TemplateShape, handle: string | undefined): Json[] {
	const format = form.headerFormat ?? 'NONE';
	if (format === 'NONE') return [];
	if (format === 'LOCATION') return [{ type: 'HEADER', format: 'LOCATION' }];
	if (format !== 'TEXT') {
		if (!handle) throw fail('Header Media Handle (headerHandle)', `is required for a ${format} header: upload a sample with the Resumable Upload API`);
		return [{ type: 'HEADER', format, example: { header_handle: [handle] } }];
	}
	if (!form.headerText) throw fail('Header Text (headerText)', 'is required for a text header');
	const variable = /\{\{\s*([^}]*?)\s*\}\}/.exec(form.headerText)?.[1];
	const example = shape.parameterFormat === 'named' && variable ? { [variable]: form.headerExample } : form.headerExample ? [form.headerExample] : [];
	const built = textExamples('header', form.headerText, shape.parameterFormat, example);
	if (built?.problem) throw fail('Header Example (headerExample)', built.problem);
	return [{ type: 'HEADER', format: 'TEXT', text: form.headerText, ...(built?.example ? { example: built.example } : {}) }];
}

/** The body with the examples Meta reviews it with; `max` for a body shorter than the usual 1,024 characters. */
export function bodyComponents(form: TemplateForm, shape: TemplateShape, max?: { limit: number; what: string }): Json[] {
	if (!form.body) throw fail('Body (body)', 'is required');
	if (max && form.body.length > max.limit) throw fail('Body (body)', `must be at most ${max.limit} characters for ${max.what}, got ${form.body.length}`);
	const body = textExamples('body', form.body, shape.parameterFormat, form.bodyExamples);
	if (body?.problem) throw fail('Body Examples (bodyExamples)', body.problem);
	return [{ type: 'BODY', text: form.body, ...(body?.example ? { example: body.example } : {}) }];
}
