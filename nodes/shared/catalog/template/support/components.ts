import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { fmt, text } from '../../../validation/rules';

/** Template components as the Business Management API takes them (Meta's Template components page). */

type Json = Record<string, unknown>;
export type Button = Json & { type: string };

export const templateName = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.superRefine((value, ctx) => {
		if (!/^[a-z0-9_]+$/.test(value)) ctx.addIssue({ code: 'custom', message: `"${value}" may hold only lowercase letters, digits and underscores (a-z, 0-9, _)` });
		else if (value.length > LIMITS.templateName) ctx.addIssue({ code: 'custom', message: `must be at most ${fmt(LIMITS.templateName)} characters, got ${fmt(value.length)}` });
	});

export const templateLanguage = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.refine((value) => /^[a-z]{2,3}(_[A-Z]{2,4})?$/.test(value), { message: 'must be a language code such as en_US, de or pt_BR' });

export const categories = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

const variables = (value: string) => [...value.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]);

export const headerText = text(1, LIMITS.headerText).refine((value) => variables(value).length <= 1, {
	message: 'may hold at most 1 variable ({{…}})',
});
export const bodyText = text(1, LIMITS.templateBody);
export const footerText = text(1, LIMITS.footerText);

const label = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= LIMITS.templateButtonLabel;

/** The problem with one button, or undefined. */
function buttonProblem(button: Json): string | undefined {
	const type = button.type;
	const labelProblem = `text must be 1 to ${LIMITS.templateButtonLabel} characters, got ${typeof button.text === 'string' ? button.text.length : 'none'}`;
	switch (type) {
		case 'QUICK_REPLY':
			return label(button.text) ? undefined : labelProblem;
		case 'URL': {
			if (!label(button.text)) return labelProblem;
			const url = button.url;
			if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) return 'url must be an http(s) URL';
			if (url.length > LIMITS.templateButtonUrl) return `url must be at most ${fmt(LIMITS.templateButtonUrl)} characters, got ${fmt(url.length)}`;
			const vars = variables(url);
			if (vars.length > 1 || (vars.length === 1 && !/\}\}$/.test(url))) return 'url may hold one variable, at its end';
			return undefined;
		}
		case 'PHONE_NUMBER': {
			if (!label(button.text)) return labelProblem;
			const phone = button.phone_number;
			if (typeof phone !== 'string' || !/^\+?\d{1,20}$/.test(phone)) return `phone_number must be up to ${LIMITS.templateButtonPhone} digits with the country code`;
			return undefined;
		}
		case 'COPY_CODE': {
			const example = button.example;
			if (typeof example !== 'string' || example.length === 0 || example.length > LIMITS.couponCode) return `example must be 1 to ${LIMITS.couponCode} characters`;
			return undefined;
		}
		case 'OTP':
			return ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(button.otp_type as string) ? undefined : 'otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP';
		case 'FLOW':
		case 'CATALOG':
		case 'MPM':
		case 'VOICE_CALL':
			return label(button.text) ? undefined : labelProblem;
		default:
			return `type must be QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, CATALOG, MPM or VOICE_CALL, got ${JSON.stringify(type)}`;
	}
}

const countLimits: Array<[string, number]> = [
	['QUICK_REPLY', LIMITS.templateQuickReplies],
	['URL', LIMITS.templateUrlButtons],
	['PHONE_NUMBER', LIMITS.templatePhoneButtons],
	['COPY_CODE', LIMITS.templateCopyCodeButtons],
];

/** Buttons: each valid, at most 10, per-kind counts, quick replies grouped together. */
export const buttons = z
	.array(z.record(z.unknown()), { invalid_type_error: 'must be a JSON array of buttons' })
	.superRefine((list, ctx) => {
		if (list.length > LIMITS.templateButtons) ctx.addIssue({ code: 'custom', message: `may hold at most ${LIMITS.templateButtons} buttons, got ${list.length}` });
		list.forEach((button, index) => {
			const problem = buttonProblem(button);
			if (problem) ctx.addIssue({ code: 'custom', path: [index], message: `button ${index + 1} (${String(button.type)}): ${problem}` });
		});
		for (const [type, max] of countLimits) {
			const count = list.filter((b) => b.type === type).length;
			if (count > max) ctx.addIssue({ code: 'custom', message: `may hold at most ${max} ${type} button${max > 1 ? 's' : ''}, got ${count}` });
		}
		const kinds = list.map((b) => b.type === 'QUICK_REPLY');
		const first = kinds.indexOf(true);
		const last = kinds.lastIndexOf(true);
		if (first >= 0 && kinds.slice(first, last + 1).includes(false)) {
			ctx.addIssue({ code: 'custom', message: 'quick replies must be grouped together (QUICK_REPLY, QUICK_REPLY, URL, not QUICK_REPLY, URL, QUICK_REPLY)' });
		}
	}) as unknown as z.ZodType<Button[], z.ZodTypeDef, unknown>;

const upper = (value: unknown) => String(value ?? '').toUpperCase();

/** A carousel's cards (Meta's "Media card carousel templates" page): 2 to 10, each an image or video and up to 2 buttons, all alike. */
function carouselProblem(cards: unknown): string | undefined {
	if (!Array.isArray(cards) || cards.length < LIMITS.carouselCardsMin || cards.length > LIMITS.carouselCardsMax) {
		return `CAROUSEL must hold ${LIMITS.carouselCardsMin} to ${LIMITS.carouselCardsMax} cards, got ${Array.isArray(cards) ? cards.length : 'none'}`;
	}
	const shapes = new Set<string>();
	for (const [index, card] of (cards as Json[]).entries()) {
		const parts = Array.isArray(card?.components) ? (card.components as Json[]) : [];
		const header = parts.find((c) => upper(c.type) === 'HEADER');
		if (!['IMAGE', 'VIDEO'].includes(upper(header?.format))) return `card ${index + 1} needs an IMAGE or VIDEO header`;
		const body = parts.find((c) => upper(c.type) === 'BODY');
		if (body && (typeof body.text !== 'string' || body.text.length > LIMITS.carouselCardBody)) return `card ${index + 1}: body text must be 1 to ${LIMITS.carouselCardBody} characters`;
		const cardButtons = (parts.find((c) => upper(c.type) === 'BUTTONS')?.buttons as Json[] | undefined) ?? [];
		if (cardButtons.length > LIMITS.carouselCardButtons) return `card ${index + 1} has ${cardButtons.length} buttons; a card has at most ${LIMITS.carouselCardButtons}`;
		shapes.add([upper(header?.format), Boolean(body), ...cardButtons.map((b) => upper(b.type))].join());
	}
	return shapes.size > 1 ? 'every card must have the same components: the same media, a body on all or none, the same buttons in the same order' : undefined;
}

/** A limited-time offer component (Meta's "Limited-time offer templates" page): its text of at most 16 characters. */
function offerProblem(component: Json): string | undefined {
	const offer = component.limited_time_offer as Json | undefined;
	if (typeof offer?.text !== 'string' || offer.text.length === 0 || offer.text.length > LIMITS.offerText) return `LIMITED_TIME_OFFER text must be 1 to ${LIMITS.offerText} characters`;
	return undefined;
}

/** A whole component list (for edits and power users): the same limits, per component type. */
export const components = z
	.array(z.record(z.unknown()), { invalid_type_error: 'must be a JSON array of components' })
	.superRefine((list, ctx) => {
		const check = (index: number, schema: z.ZodTypeAny, value: unknown, what: string) => {
			const result = schema.safeParse(value);
			if (!result.success) ctx.addIssue({ code: 'custom', path: [index], message: `${what} ${result.error.issues[0].message}` });
		};
		const problem = (index: number, message: string | undefined) => message && ctx.addIssue({ code: 'custom', path: [index], message });
		if (!list.some((c) => upper(c.type) === 'BODY')) ctx.addIssue({ code: 'custom', message: 'must include a BODY component' });
		list.forEach((component, index) => {
			const type = upper(component.type);
			if (type === 'HEADER' && upper(component.format) === 'TEXT') check(index, headerText, component.text, 'HEADER text');
			else if (type === 'BODY' && component.text !== undefined) check(index, bodyText, component.text, 'BODY text');
			else if (type === 'FOOTER' && component.text !== undefined) check(index, footerText, component.text, 'FOOTER text');
			else if (type === 'BUTTONS') check(index, buttons, normaliseButtons(component.buttons), 'BUTTONS');
			else if (type === 'CAROUSEL') problem(index, carouselProblem(component.cards));
			else if (type === 'LIMITED_TIME_OFFER') problem(index, offerProblem(component));
			else if (!['HEADER', 'BODY', 'FOOTER', 'BUTTONS'].includes(type)) {
				ctx.addIssue({ code: 'custom', path: [index], message: `component ${index + 1}: type must be HEADER, BODY, FOOTER, BUTTONS, CAROUSEL or LIMITED_TIME_OFFER` });
			}
		});
	}) as z.ZodType<Json[], z.ZodTypeDef, unknown>;

/** Buttons with their types in upper case, as Meta's examples write them either way. */
const normaliseButtons = (list: unknown) => (Array.isArray(list) ? list.map((button: Json) => ({ ...button, type: upper(button?.type) })) : list);

/** The variables of a text, and the examples Meta needs for them, in the chosen parameter format. */
export function textExamples(kind: 'header' | 'body', value: string, format: 'named' | 'positional', examples: unknown) {
	const names = variables(value);
	if (names.length === 0) return undefined;
	const field = kind === 'header' ? 'Header' : 'Body';
	if (format === 'positional' && names.some((n, i) => n !== String(i + 1))) {
		return { problem: `${field} variables must be {{1}}, {{2}}, … in order for the positional format, got {{${names.join('}}, {{')}}}` };
	}
	if (format === 'named' && names.some((n) => !/^[a-z_][a-z0-9_]*$/.test(n))) {
		return { problem: `${field} variables must be lowercase names like {{first_name}} for the named format` };
	}
	const given = format === 'named' ? (examples && typeof examples === 'object' && !Array.isArray(examples) ? (examples as Json) : {}) : Array.isArray(examples) ? examples : [];
	const missing = format === 'named' ? names.filter((n) => typeof (given as Json)[n] !== 'string') : names.slice((given as unknown[]).length);
	if (missing.length) return { problem: `needs an example for {{${missing.join('}}, {{')}}}: Meta reviews templates with their examples` };
	if (format === 'named') {
		const params = names.map((n) => ({ param_name: n, example: (given as Json)[n] }));
		return { example: kind === 'header' ? { header_text_named_params: params } : { body_text_named_params: params } };
	}
	const values = (given as unknown[]).slice(0, names.length).map(String);
	return { example: kind === 'header' ? { header_text: values } : { body_text: [values] } };
}
