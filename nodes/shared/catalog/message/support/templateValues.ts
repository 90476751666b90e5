import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { fmt } from '../../../validation/rules';

/**
 * Template parameter values keyed by where they go, so a form can offer one field per placeholder
 * and the core can build `components` without fetching the template again:
 *   header.<name|n>             text header placeholder          header.image|video|document  link or media id
 *   header.location             {latitude, longitude, name?, address?} (object or JSON)
 *   body.<name|n>               text, or {currency: {...}} / {date_time: {...}} (object or JSON)
 *   button.<i>.quick_reply      payload                          button.<i>.url   URL suffix
 *   button.<i>.copy_code        coupon code (≤ 20)               button.<i>.flow  flow token
 *   otp.<i>                     one-time password (≤ 15): body {{1}} and the OTP button at index i
 */
export type TemplateValues = Record<string, unknown>;

type Component = { type: string; sub_type?: string; index?: string; parameters: Array<Record<string, unknown>> };

const KEY = /^(?:header\.(?:image|video|document|location|[a-z_][a-z0-9_]*|\d+)|body\.(?:[a-z_][a-z0-9_]*|\d+)|button\.\d+\.(?:quick_reply|url|copy_code|flow)|otp\.\d+)$/;

const isNumeric = (name: string) => /^\d+$/.test(name);

function parseObject(value: unknown): Record<string, unknown> | undefined {
	if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(value);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

const asText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);

/** One text parameter, named when the placeholder is a name. */
function textParam(name: string, value: unknown, max: number, ctx: z.RefinementCtx, key: string) {
	const text = asText(value);
	if (typeof text !== 'string' || text === '') {
		ctx.addIssue({ code: 'custom', path: [key], message: 'must be text and not empty' });
		return undefined;
	}
	if (text.length > max) ctx.addIssue({ code: 'custom', path: [key], message: `must be at most ${fmt(max)} characters, got ${fmt(text.length)}` });
	return { type: 'text', text, ...(isNumeric(name) ? {} : { parameter_name: name }) };
}

/** A body value: currency, date_time, or text. */
function bodyParam(name: string, value: unknown, ctx: z.RefinementCtx, key: string) {
	const object = parseObject(value);
	const named = isNumeric(name) ? {} : { parameter_name: name };
	if (object?.currency) {
		const currency = object.currency as Record<string, unknown>;
		if (typeof currency.fallback_value !== 'string' || !/^[A-Z]{3}$/.test(String(currency.code)) || !Number.isInteger(currency.amount_1000)) {
			ctx.addIssue({ code: 'custom', path: [key], message: 'a currency needs fallback_value (text), code (ISO 4217, e.g. USD) and amount_1000 (integer: amount × 1000)' });
		}
		return { type: 'currency', currency, ...named };
	}
	if (object?.date_time) {
		const dateTime = object.date_time as Record<string, unknown>;
		if (typeof dateTime.fallback_value !== 'string' || !dateTime.fallback_value) ctx.addIssue({ code: 'custom', path: [key], message: 'a date_time needs fallback_value (text)' });
		return { type: 'date_time', date_time: dateTime, ...named };
	}
	return textParam(name, value, LIMITS.templateParam, ctx, key);
}

function headerParam(name: string, value: unknown, ctx: z.RefinementCtx, key: string) {
	if (name === 'location') {
		const location = parseObject(value);
		const lat = Number(location?.latitude);
		const long = Number(location?.longitude);
		if (!location || !(lat >= -90 && lat <= 90) || !(long >= -180 && long <= 180)) {
			ctx.addIssue({ code: 'custom', path: [key], message: 'a location needs latitude (-90 to 90) and longitude (-180 to 180)' });
		}
		return { type: 'location', location: { ...location, latitude: lat, longitude: long } };
	}
	if (name === 'image' || name === 'video' || name === 'document') {
		const ref = typeof value === 'string' ? value.trim() : '';
		if (!/^\d{1,32}$/.test(ref) && !/^https?:\/\/\S+$/i.test(ref)) {
			ctx.addIssue({ code: 'custom', path: [key], message: 'must be an http(s) link or a numeric media ID' });
		}
		return { type: name, [name]: /^\d+$/.test(ref) ? { id: ref } : { link: ref } };
	}
	return textParam(name, value, LIMITS.templateHeaderParam, ctx, key);
}

/** Builds Cloud API template components from keyed values; the issues name the key and the limit. */
function build(values: TemplateValues, ctx: z.RefinementCtx): Component[] {
	const header: Array<[string, Record<string, unknown>]> = [];
	const body: Array<[string, Record<string, unknown>]> = [];
	const buttons = new Map<number, Component>();
	for (const [key, value] of Object.entries(values)) {
		if (value === undefined || value === null || value === '') continue;
		if (!KEY.test(key)) {
			ctx.addIssue({ code: 'custom', path: [key], message: 'is not a template field; use header.<name>, body.<name>, button.<index>.<quick_reply|url|copy_code|flow> or otp.<index>' });
			continue;
		}
		const [part, name, subType] = key.split('.');
		if (part === 'header') {
			const param = headerParam(name, value, ctx, key);
			if (param) header.push([name, param]);
		} else if (part === 'body') {
			const param = bodyParam(name, value, ctx, key);
			if (param) body.push([name, param]);
		} else if (part === 'otp') {
			const code = textParam('1', value, LIMITS.otpCode, ctx, key);
			if (!code) continue;
			body.push(['1', code]);
			buttons.set(Number(name), { type: 'button', sub_type: 'url', index: name, parameters: [{ type: 'text', text: code.text }] });
		} else {
			buttons.set(Number(name), { type: 'button', sub_type: subType, index: name, parameters: [buttonParam(subType, value, ctx, key)] });
		}
	}
	const ordered = (list: Array<[string, Record<string, unknown>]>) =>
		list.every(([name]) => isNumeric(name)) ? [...list].sort(([a], [b]) => Number(a) - Number(b)).map(([, p]) => p) : list.map(([, p]) => p);
	return [
		...(header.length ? [{ type: 'header', parameters: ordered(header) }] : []),
		...(body.length ? [{ type: 'body', parameters: ordered(body) }] : []),
		...[...buttons.entries()].sort(([a], [b]) => a - b).map(([, button]) => button),
	];
}

function buttonParam(subType: string, value: unknown, ctx: z.RefinementCtx, key: string): Record<string, unknown> {
	const text = String(asText(value));
	if (subType === 'quick_reply') return { type: 'payload', payload: text };
	if (subType === 'copy_code') {
		if (text.length > LIMITS.couponCode) ctx.addIssue({ code: 'custom', path: [key], message: `a coupon code must be at most ${LIMITS.couponCode} characters, got ${text.length}` });
		return { type: 'coupon_code', coupon_code: text };
	}
	if (subType === 'flow') return { type: 'action', action: { flow_token: text } };
	return { type: 'text', text };
}

/** Keyed values (an object, or JSON of one) → template components. */
export const templateValues = z
	.unknown()
	.transform((value, ctx) => {
		const object = parseObject(value) ?? (value === undefined ? {} : undefined);
		if (!object) {
			ctx.addIssue({ code: 'custom', message: 'must be an object of template fields, e.g. {"body.first_name": "Pablo"}' });
			return z.NEVER;
		}
		return build(object, ctx);
	});

/** One form field per placeholder of a template, derived from its components. */
export interface TemplateField {
	id: string;
	label: string;
	required: boolean;
	help: string;
}

interface TemplateComponent {
	type?: string;
	format?: string;
	text?: string;
	buttons?: Array<{ type?: string; url?: string; text?: string; otp_type?: string }>;
}

/** A quick reply's payload and a flow token are optional; every other placeholder needs a value. */
export const isRequiredTemplateField = (id: string) => !/^button\.\d+\.(?:quick_reply|flow)$/.test(id);

const placeholders = (text = '') => [...text.matchAll(/\{\{\s*([a-z_][a-z0-9_]*|\d+)\s*\}\}/g)].map((m) => m[1]);

export function templateFields(template: { components?: TemplateComponent[]; category?: string }): TemplateField[] {
	const fields: TemplateField[] = [];
	const components = template.components ?? [];
	const authentication = template.category === 'AUTHENTICATION';
	for (const component of components) {
		const type = component.type?.toUpperCase();
		if (type === 'HEADER') {
			const format = component.format?.toUpperCase();
			if (format === 'TEXT') {
				for (const name of placeholders(component.text)) fields.push({ id: `header.${name}`, label: `Header {{${name}}}`, required: true, help: `Up to ${LIMITS.templateHeaderParam} characters` });
			} else if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
				const kind = format.toLowerCase();
				fields.push({ id: `header.${kind}`, label: `Header ${kind} (link or media ID)`, required: true, help: `The header ${kind}: an http(s) link or a media ID` });
			} else if (format === 'LOCATION') {
				fields.push({ id: 'header.location', label: 'Header location (JSON)', required: true, help: '{"latitude": 37.48, "longitude": -122.14, "name": "…", "address": "…"}' });
			}
		} else if (type === 'BODY' && !authentication) {
			for (const name of placeholders(component.text)) {
				fields.push({ id: `body.${name}`, label: `Body {{${name}}}`, required: true, help: 'Text, or {"currency": {…}} / {"date_time": {…}} as JSON' });
			}
		} else if (type === 'BUTTONS') {
			(component.buttons ?? []).forEach((button, index) => {
				const kind = button.type?.toUpperCase();
				if (kind === 'OTP' || (authentication && (kind === 'URL' || kind === 'COPY_CODE'))) {
					fields.push({ id: `otp.${index}`, label: 'One-time password', required: true, help: `The code, up to ${LIMITS.otpCode} characters` });
				} else if (kind === 'URL' && placeholders(button.url).length) {
					fields.push({ id: `button.${index}.url`, label: `Button "${button.text ?? index}" URL suffix`, required: true, help: 'Appended to the button\'s URL' });
				} else if (kind === 'QUICK_REPLY') {
					fields.push({ id: `button.${index}.quick_reply`, label: `Button "${button.text ?? index}" payload`, required: false, help: 'Sent back when the button is tapped' });
				} else if (kind === 'COPY_CODE') {
					fields.push({ id: `button.${index}.copy_code`, label: 'Coupon code', required: true, help: `Up to ${LIMITS.couponCode} characters` });
				} else if (kind === 'FLOW') {
					fields.push({ id: `button.${index}.flow`, label: `Button "${button.text ?? index}" flow token`, required: false, help: 'Optional flow token' });
				}
			});
		}
	}
	return fields;
}
