import { GraphError } from '../../graphError';
import type { Template } from '../../state';
import { checkLocation, checkMediaObject } from './basic';
import { arr, child, invalid, num, obj, objects, str, unusable, type Json } from './check';

/** Template send errors (Meta's Error codes page). */
const notFound = (details: string) =>
	new GraphError(132001, 'Template name does not exist in the translation', details, 404);
const countMismatch = (details: string) =>
	new GraphError(132000, 'Number of parameters does not match the expected number of params', details);
const formatMismatch = (details: string) =>
	new GraphError(132012, 'Parameter format does not match format in the created template', details);

/** What a stored template needs at send time: header parameter kind, body variables, button values. */
interface Needs {
	header?: { format: string; count: number; names?: string[] };
	body: { count: number; names?: string[]; max: number };
	buttons: Array<{ subType?: string; required: boolean; max?: number }>;
}

const variables = (text: unknown) => [
	...new Set([...String(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1])),
];

/** The sub_type and limits a sent button component must have for each kind of template button. */
function buttonNeeds(button: Json, authentication: boolean): Needs['buttons'][number] {
	switch (button.type) {
		case 'OTP':
			return { subType: 'url', required: true, max: 15 };
		case 'URL':
			return variables(button.url).length ? { subType: 'url', required: true } : { required: false };
		case 'COPY_CODE':
			return authentication
				? { subType: 'url', required: true, max: 15 }
				: { subType: 'copy_code', required: true, max: 20 };
		case 'QUICK_REPLY':
			return { subType: 'quick_reply', required: false };
		case 'FLOW':
			return { subType: 'flow', required: false };
		case 'CATALOG':
			return { subType: 'catalog', required: false };
		case 'MPM':
			return { subType: 'mpm', required: true };
		default:
			return { required: false }; // PHONE_NUMBER, static URL: nothing to send
	}
}

function needsOf(template: Template): Needs {
	const component = (type: string) => template.components.find((c) => c.type === type);
	const authentication = template.category === 'AUTHENTICATION';
	const header = component('HEADER');
	const body = component('BODY');
	const named = template.parameter_format === 'NAMED';
	const names = named ? variables(body?.text) : undefined;
	return {
		header: header && {
			format: String(header.format),
			count: header.format === 'TEXT' ? variables(header.text).length : 1,
			names: named && header.format === 'TEXT' ? variables(header.text) : undefined,
		},
		body: {
			count: authentication ? 1 : variables(body?.text).length,
			names,
			max: authentication ? 15 : template.components.length > 1 ? 1024 : 32768,
		},
		buttons: ((component('BUTTONS')?.buttons as Json[] | undefined) ?? []).map((b) =>
			buttonNeeds(b, authentication),
		),
	};
}

/** Meta's send-time rule for body text values (code 132018 since v23.0). */
function checkBodyText(value: string, at: string) {
	if (/[\n\t]| {5}/.test(value)) {
		throw new GraphError(
			132018,
			'There was an issue with the parameters in your template.',
			`Param ${at}.text cannot have new-line/tab characters or more than 4 consecutive spaces`,
		);
	}
}

function checkBodyParameter(parameter: Json, at: string, max: number) {
	const type = str(parameter, 'type', at, { required: true, oneOf: ['text', 'currency', 'date_time'] });
	if (type === 'text') return void checkBodyText(str(parameter, 'text', at, { required: true, max })!, at);
	if (type === 'date_time')
		return void str(obj(parameter, 'date_time', at)!, 'fallback_value', `${at}.date_time`, {
			required: true,
		});
	const currency = obj(parameter, 'currency', at)!;
	str(currency, 'fallback_value', `${at}.currency`, { required: true });
	str(currency, 'code', `${at}.currency`, {
		required: true,
		format: [/^[A-Z]{3}$/, 'must be an ISO 4217 currency code.'],
	});
	num(currency, 'amount_1000', `${at}.currency`, { required: true, integer: true });
}

function checkHeader(component: Json | undefined, needs: Needs['header'], at: string) {
	const parameters = component ? (arr(component, 'parameters', at) ?? []) : [];
	const expected = needs?.count ?? 0;
	if (parameters.length !== expected) {
		throw countMismatch(
			`header: number of parameters (${parameters.length}) does not match the expected number of params (${expected})`,
		);
	}
	for (const [parameter, paramAt] of objects(parameters, `${at}.parameters`)) {
		const format = needs!.format.toLowerCase();
		const type = str(parameter, 'type', paramAt, { required: true });
		if (type !== format)
			throw formatMismatch(
				`header: parameter type ${type} does not match the template's ${needs!.format} header`,
			);
		if (type === 'text') {
			str(parameter, 'text', paramAt, { required: true, max: 60 });
			if (needs!.names) checkName(parameter, paramAt, needs!.names, 'header');
		} else if (type === 'location')
			checkLocation(obj(parameter, 'location', paramAt)!, `${paramAt}.location`);
		else checkMediaObject(obj(parameter, type, paramAt)!, `${paramAt}.${type}`);
	}
}

function checkBody(component: Json | undefined, needs: Needs['body'], at: string) {
	const parameters = component ? (arr(component, 'parameters', at) ?? []) : [];
	if (parameters.length !== needs.count) {
		throw countMismatch(
			`body: number of localizable_params (${parameters.length}) does not match the expected number of params (${needs.count})`,
		);
	}
	for (const [parameter, paramAt] of objects(parameters, `${at}.parameters`)) {
		checkBodyParameter(parameter, paramAt, needs.max);
		if (needs.names) checkName(parameter, paramAt, needs.names, 'body');
	}
}

/** A template created with named parameters needs each value's `parameter_name`, one of its names. */
function checkName(parameter: Json, at: string, names: string[], where: string) {
	const name = str(parameter, 'parameter_name', at);
	if (name === undefined)
		throw formatMismatch(`${where}: the template uses named parameters; ${at}.parameter_name is required`);
	if (!names.includes(name)) {
		throw countMismatch(
			`${where}: parameter_name "${name}" is not one of the template's parameters {${names.join(', ')}}`,
		);
	}
}

/** Button components: each names a template button by index, with the matching sub_type and one value. */
function checkButtons(components: Array<[Json, string]>, needs: Needs['buttons']) {
	const seen = new Set<number>();
	for (const [component, at] of components) {
		const index = num(component, 'index', at, { required: true, integer: true, min: 0, max: 9 })!;
		const need = needs[index];
		if (!need?.subType)
			throw unusable(
				`${at}.index`,
				`names no button of the template that takes a parameter (index ${index}).`,
			);
		if (seen.has(index)) throw unusable(`${at}.index`, `names button ${index} twice.`);
		seen.add(index);
		str(component, 'sub_type', at, { required: true });
		if (component.sub_type !== need.subType)
			throw unusable(`${at}.sub_type`, `must be ${need.subType} for the template's button ${index}.`);
		const parameters = arr(component, 'parameters', at) ?? [];
		if (parameters.length !== 1)
			throw countMismatch(
				`button ${index}: number of parameters (${parameters.length}) does not match the expected number of params (1)`,
			);
		const [[parameter, paramAt]] = objects(parameters, `${at}.parameters`);
		const [type, key] = {
			url: ['text', 'text'],
			copy_code: ['coupon_code', 'coupon_code'],
			quick_reply: ['payload', 'payload'],
		}[need.subType] ?? ['action', ''];
		str(parameter, 'type', paramAt, { required: true, oneOf: [type] });
		if (key) str(parameter, key, paramAt, { required: true, max: need.max });
		else obj(parameter, 'action', paramAt);
	}
	needs.forEach((need, index) => {
		if (need.required && !seen.has(index))
			throw countMismatch(
				`button ${index}: number of parameters (0) does not match the expected number of params (1)`,
			);
	});
}

/** Finds the template by name and language, refusing what Meta refuses before sending. */
function findTemplate(templates: Iterable<Template>, name: string, code: string): Template {
	const list = [...templates].filter((t) => t.name === name);
	const template = list.find((t) => t.language === code);
	if (!template) throw notFound(`template name (${name}) does not exist in ${code}`);
	if (template.status === 'PAUSED')
		throw new GraphError(132015, 'Template is Paused', `template ${name} is paused because of low quality`);
	if (template.status === 'DISABLED')
		throw new GraphError(132016, 'Template is disabled', `template ${name} has been disabled`);
	if (template.status !== 'APPROVED')
		throw notFound(`template name (${name}) in ${code} is not approved (status ${template.status})`);
	return template;
}

/** template (Meta's Template messages page): the send must fit the stored template exactly. Returns it. */
export function checkTemplate(templates: Iterable<Template>, message: Json, path: string): Template {
	const name = str(message, 'name', path, { required: true, max: 512 })!;
	const language = obj(message, 'language', path)!;
	const code = str(language, 'code', `${path}.language`, { required: true })!;
	str(language, 'policy', `${path}.language`, { oneOf: ['deterministic'] });
	const template = findTemplate(templates, name, code);
	const needs = needsOf(template);
	const components = objects(arr(message, 'components', path) ?? [], `${path}.components`);
	const byType = (type: string) =>
		components.filter(([c, at]) => str(c, 'type', at, { required: true })!.toLowerCase() === type);
	for (const [component, at] of components) {
		const type = str(component, 'type', at, { required: true })!.toLowerCase();
		if (!['header', 'body', 'button'].includes(type))
			throw invalid(child(at, 'type'), `must be one of {header, body, button} (got ${type}).`);
	}
	const single = (type: string) => {
		const list = byType(type);
		if (list.length > 1) throw unusable(`${path}.components`, `must have at most one ${type} component.`);
		return list[0] ?? [undefined, `${path}.components`];
	};
	const [header, headerAt] = single('header');
	checkHeader(header, needs.header, headerAt);
	const [body, bodyAt] = single('body');
	checkBody(body, needs.body, bodyAt);
	checkButtons(byType('button'), needs.buttons);
	return template;
}
