import { randomInt } from 'node:crypto';
import { GraphError, invalidParameter, unknownObject } from '../graphError';
import { NEXT_ROUTE, type ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import type { Template } from '../state';
import { adEntities } from '../marketing';
import { checkIssuedHandle } from '../uploads';
import { selectFields } from './fields';
import { page } from './paging';

/** Template management as Meta enforces it (Meta's Template management and Error codes pages). */

type Json = Record<string, unknown>;

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const CREATIONS_PER_HOUR = 100;
const TEMPLATE_CAP = 250;
const DAY_MS = 86_400_000;
const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];
const DEFAULT_FIELDS = 'id,name,language,status,category,parameter_format,components';

/** When each approved template was last edited (edits of approved templates are rationed). */
const approvedEdits = new WeakMap<Template, number[]>();

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const tooLong = (what: string, max: number, got: number) =>
	new GraphError(100, 'Invalid parameter', `${what} must be at most ${max} characters, got ${got}.`, 400, 'OAuthException', 2388040);
const vars = (text: string) => [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]);

function checkButtons(given: unknown) {
	if (!Array.isArray(given) || given.length === 0) throw invalidParameter('BUTTONS must hold a non-empty array of buttons.');
	// Button types in either case, as Meta's pages write them.
	const buttons = given.map((button) => (isObject(button) && typeof button.type === 'string' ? { ...button, type: button.type.toUpperCase() } : button));
	if (buttons.length > 10) throw invalidParameter(`A template may have at most 10 buttons, got ${buttons.length}.`);
	const count = (type: string) => buttons.filter((b: Json) => b?.type === type).length;
	for (const [type, max] of [['QUICK_REPLY', 10], ['URL', 2], ['PHONE_NUMBER', 1], ['COPY_CODE', 1]] as const) {
		if (count(type) > max) throw invalidParameter(`A template may have at most ${max} ${type} buttons, got ${count(type)}.`);
	}
	const quick = buttons.map((b: Json) => b?.type === 'QUICK_REPLY');
	if (quick.indexOf(true) >= 0 && quick.slice(quick.indexOf(true), quick.lastIndexOf(true) + 1).includes(false)) {
		throw invalidParameter('Quick reply buttons must be grouped together.');
	}
	for (const button of buttons as Json[]) {
		if (!isObject(button) || typeof button.type !== 'string') throw invalidParameter('Each button needs a type.');
		if (button.type === 'COPY_CODE') {
			if (typeof button.example !== 'string' || button.example.length > 20) throw invalidParameter('COPY_CODE example must be a string of at most 20 characters.');
			continue;
		}
		if (button.type === 'OTP') {
			if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(button.otp_type as string)) throw invalidParameter('OTP button otp_type must be one of {COPY_CODE, ONE_TAP, ZERO_TAP}.');
			if (Array.isArray(button.supported_apps) && button.supported_apps.length > 5) throw invalidParameter('OTP button supported_apps may hold at most 5 apps.');
			continue;
		}
		if (typeof button.text !== 'string' || button.text.length === 0) throw invalidParameter(`${button.type} button text is required.`);
		if (button.text.length > 25) throw tooLong(`${button.type} button text`, 25, button.text.length);
		if (button.type === 'URL') {
			if (typeof button.url !== 'string' || !/^https?:\/\//.test(button.url)) throw invalidParameter('URL button url must be an http(s) URL.');
			if (button.url.length > 2000) throw tooLong('URL button url', 2000, button.url.length);
		}
		if (button.type === 'PHONE_NUMBER' && (typeof button.phone_number !== 'string' || button.phone_number.replace(/\D/g, '').length > 20)) {
			throw invalidParameter('PHONE_NUMBER button phone_number must be a number of at most 20 digits.');
		}
	}
}

/** What a header sample's upload may be, per header format (Meta's Template components and Media pages). */
const SAMPLE_TYPES: Record<string, string[]> = { IMAGE: ['image/jpeg', 'image/png'], VIDEO: ['video/mp4'], GIF: ['video/mp4'], DOCUMENT: ['application/pdf'] };
const CARD_BODY = 160;
const OFFER_TEXT = 16;
const OFFER_BODY = 600;
const OFFER_CODE = 15;

/** Component and format names as Meta takes them, in either case (its pages write both). */
const upper = (value: unknown) => String(value ?? '').toUpperCase();

/** A media header's sample: a handle, checked when the emulator issued it (alive, of a type the format takes). */
function checkSample(emulator: GraphEmulator, component: Json, format: string, where: string) {
	const handles = (component.example as Json | undefined)?.header_handle;
	if (!Array.isArray(handles) || handles.length === 0) {
		throw new GraphError(100, 'Invalid parameter', `A ${format} header needs example.header_handle${where}.`, 400, 'OAuthException', 2388047);
	}
	checkIssuedHandle(emulator.state.uploads, handles[0], emulator.clock.now(), SAMPLE_TYPES[format] ?? [], `the ${format} header${where}`);
}

/**
 * A media card carousel (Meta's "Media card carousel templates" page): MARKETING, a body and 2 to
 * 10 cards; each card an IMAGE or VIDEO header, an optional body of 160 characters on all cards or
 * none, at most 2 quick reply, URL or phone buttons; every card the same components.
 */
function checkCarousel(emulator: GraphEmulator, carousel: Json, components: Json[], category: string) {
	if (category !== 'MARKETING') throw invalidParameter('Carousel templates are MARKETING templates.');
	const others = components.filter((c) => !['BODY', 'CAROUSEL'].includes(upper(c.type)));
	if (others.length) throw invalidParameter(`A carousel template has a body and the carousel only, not ${upper(others[0].type)}.`);
	const cards = carousel.cards;
	if (!Array.isArray(cards) || cards.length < 2 || cards.length > 10) throw invalidParameter(`A carousel needs 2 to 10 cards, got ${Array.isArray(cards) ? cards.length : 'none'}.`);
	const shapes = (cards as Json[]).map((card, index) => {
		const parts = Array.isArray(card?.components) ? (card.components as Json[]) : [];
		const header = parts.find((c) => upper(c.type) === 'HEADER');
		const format = upper(header?.format);
		if (!header || !['IMAGE', 'VIDEO'].includes(format)) throw invalidParameter(`Card ${index} needs an IMAGE or VIDEO header.`);
		checkSample(emulator, header, format, ` of card ${index}`);
		const body = parts.find((c) => upper(c.type) === 'BODY');
		if (body && (typeof body.text !== 'string' || !body.text || body.text.length > CARD_BODY)) throw tooLong(`Card ${index} body text`, CARD_BODY, String(body.text ?? '').length);
		const buttons = (parts.find((c) => upper(c.type) === 'BUTTONS')?.buttons as Json[] | undefined) ?? [];
		if (buttons.length > 2) throw invalidParameter(`Card ${index} has ${buttons.length} buttons; a card has at most 2.`);
		if (buttons.length) checkButtons(buttons);
		const kinds = buttons.map((b) => upper(b.type));
		if (kinds.some((kind) => !['QUICK_REPLY', 'URL', 'PHONE_NUMBER'].includes(kind))) throw invalidParameter(`Card ${index} buttons must be QUICK_REPLY, URL or PHONE_NUMBER.`);
		return [format, Boolean(body), ...kinds].join();
	});
	if (new Set(shapes).size > 1) throw invalidParameter('All cards of a carousel must have the same components.');
}

/**
 * A limited-time offer (Meta's "Limited-time offer templates" page): MARKETING, no footer, an
 * optional IMAGE or VIDEO header, the offer text of 16 characters, a body of 600, a URL button,
 * and a copy code (15 characters) first when the offer has an expiration.
 */
function checkOffer(offer: Json, components: Json[], category: string) {
	if (category !== 'MARKETING') throw invalidParameter('Limited-time offer templates are MARKETING templates.');
	if (components.some((c) => upper(c.type) === 'FOOTER')) throw invalidParameter('A limited-time offer template has no footer.');
	const header = components.find((c) => upper(c.type) === 'HEADER');
	if (header && !['IMAGE', 'VIDEO'].includes(upper(header.format))) throw invalidParameter('A limited-time offer takes an IMAGE or VIDEO header.');
	const details = offer.limited_time_offer as Json | undefined;
	if (typeof details?.text !== 'string' || !details.text) throw invalidParameter('limited_time_offer.text is required.');
	if (details.text.length > OFFER_TEXT) throw tooLong('limited_time_offer.text', OFFER_TEXT, details.text.length);
	if (details.has_expiration !== undefined && typeof details.has_expiration !== 'boolean') throw invalidParameter('limited_time_offer.has_expiration must be a boolean.');
	const body = components.find((c) => upper(c.type) === 'BODY');
	if (typeof body?.text === 'string' && body.text.length > OFFER_BODY) throw tooLong('Body text of a limited-time offer', OFFER_BODY, body.text.length);
	const buttons = (components.find((c) => upper(c.type) === 'BUTTONS')?.buttons as Json[] | undefined) ?? [];
	const code = buttons.findIndex((b) => upper(b.type) === 'COPY_CODE');
	if (details.has_expiration === true && code !== 0) throw invalidParameter('With has_expiration, the copy code button must come first.');
	if (code >= 0 && String(buttons[code].example ?? '').length > OFFER_CODE) throw tooLong('The offer code example', OFFER_CODE, String(buttons[code].example).length);
	if (!buttons.some((b) => upper(b.type) === 'URL')) throw invalidParameter('A limited-time offer needs a URL button.');
}

/** Components: BODY mandatory, text limits, header formats, footer, buttons, a carousel's cards, a limited-time offer. */
function checkComponents(emulator: GraphEmulator, components: unknown, category: string) {
	if (!Array.isArray(components)) throw invalidParameter('Param components must be an array.');
	const body = components.find((c: Json) => upper(c?.type) === 'BODY') as Json | undefined;
	if (!body) throw new GraphError(100, 'Invalid parameter', 'A template needs a BODY component.', 400, 'OAuthException', 2388072);
	for (const component of components as Json[]) {
		if (!isObject(component)) throw invalidParameter('Each component must be an object.');
		const text = component.text;
		switch (upper(component.type)) {
			case 'HEADER': {
				const format = upper(component.format);
				if (!['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'GIF', 'LOCATION'].includes(format)) {
					throw new GraphError(100, 'Invalid parameter', `Header format ${String(component.format)} is invalid.`, 400, 'OAuthException', 2388047);
				}
				if (format === 'TEXT') {
					if (typeof text !== 'string' || !text) throw new GraphError(100, 'Invalid parameter', 'A TEXT header needs text.', 400, 'OAuthException', 2388047);
					if (text.length > 60) throw tooLong('Header text', 60, text.length);
					if (vars(text).length > 1) throw new GraphError(100, 'Invalid parameter', 'A header may hold at most 1 parameter.', 400, 'OAuthException', 2388047);
				} else if (format === 'LOCATION') {
					if (category === 'AUTHENTICATION') throw invalidParameter('LOCATION headers are for UTILITY and MARKETING templates only.');
				} else checkSample(emulator, component, format, '');
				break;
			}
			case 'BODY':
				if (text === undefined && component.add_security_recommendation !== undefined) break;
				if (typeof text !== 'string' || !text) throw new GraphError(100, 'Invalid parameter', 'BODY needs text.', 400, 'OAuthException', 2388072);
				if (text.length > 1024) throw tooLong('Body text', 1024, text.length);
				if (/^\s*\{\{|\}\}\s*$/.test(text)) throw new GraphError(100, 'Invalid parameter', 'A parameter may not start or end the body.', 400, 'OAuthException', 2388299);
				break;
			case 'FOOTER':
				if (text === undefined && component.code_expiration_minutes !== undefined) {
					const minutes = component.code_expiration_minutes;
					if (!Number.isInteger(minutes) || (minutes as number) < 1 || (minutes as number) > 90) throw invalidParameter('FOOTER code_expiration_minutes must be 1 to 90.');
					break;
				}
				if (typeof text !== 'string' || !text) throw new GraphError(100, 'Invalid parameter', 'FOOTER needs text.', 400, 'OAuthException', 2388073);
				if (text.length > 60) throw tooLong('Footer text', 60, text.length);
				break;
			case 'BUTTONS':
				checkButtons(component.buttons);
				break;
			case 'CAROUSEL':
				checkCarousel(emulator, component, components as Json[], category);
				break;
			case 'LIMITED_TIME_OFFER':
				checkOffer(component, components as Json[], category);
				break;
			default:
				throw invalidParameter(`Component type ${String(component.type)} must be one of {HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER}.`);
		}
	}
}

function createTemplate(emulator: GraphEmulator, body: unknown) {
	const { state } = emulator;
	if (!isObject(body)) throw invalidParameter('The request body must be a JSON object.');
	const { name, language, category, components } = body;
	if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name)) throw invalidParameter('Param name must hold only lowercase letters, digits and underscores.');
	if (name.length > 512) throw invalidParameter(`Param name must be at most 512 characters, got ${name.length}.`);
	if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2,4})?$/.test(language)) throw invalidParameter('Param language must be a supported language code.');
	if (!CATEGORIES.includes(category as string)) throw invalidParameter(`Param category must be one of {${CATEGORIES.join(', ')}}.`);
	const format = body.parameter_format ?? 'positional';
	if (format !== 'named' && format !== 'positional') throw invalidParameter('Param parameter_format must be one of {named, positional}.');
	checkComponents(emulator, components, category as string);
	const templates = [...state.templates.values()];
	if (templates.some((t) => t.name === name && t.language === language)) {
		throw new GraphError(100, 'Invalid parameter', 'Content in This Language Already Exists', 400, 'OAuthException', 2388024);
	}
	if (templates.length >= TEMPLATE_CAP) throw new GraphError(2388019, 'Message template limit exceeded', `This WABA may hold ${TEMPLATE_CAP} templates.`);
	const now = emulator.clock.now();
	if (templates.filter((t) => now - t.created_at < 3600_000).length >= CREATIONS_PER_HOUR) {
		// Meta's documentation is silent on the creation rate's error code; we answer Graph's WABA throttle code.
		throw new GraphError(80007, 'Rate limit issues', `At most ${CREATIONS_PER_HOUR} template creations per WABA per hour.`);
	}
	const id = `${randomInt(100_000, 1_000_000)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
	state.templates.set(id, {
		id,
		name,
		language,
		category: category as Template['category'],
		status: 'PENDING',
		parameter_format: format === 'named' ? 'NAMED' : 'POSITIONAL',
		components: components as Json[],
		quality_score: { score: 'UNKNOWN' },
		created_at: now,
	});
	return { id, status: 'PENDING', category };
}

function editTemplate(emulator: GraphEmulator, template: Template, body: unknown) {
	if (!isObject(body)) throw invalidParameter('The request body must be a JSON object.');
	if (!EDITABLE.includes(template.status)) {
		throw new GraphError(2388039, 'Message template status cannot be changed', `Only APPROVED, REJECTED or PAUSED templates can be edited; this one is ${template.status}.`);
	}
	const { category, components } = body;
	if (category === undefined && components === undefined && body.message_send_ttl_seconds === undefined) throw invalidParameter('Nothing to edit: give category, components or message_send_ttl_seconds.');
	if (category !== undefined && !CATEGORIES.includes(category as string)) throw invalidParameter(`Param category must be one of {${CATEGORIES.join(', ')}}.`);
	if (template.status === 'APPROVED') {
		if (category !== undefined && category !== template.category) throw invalidParameter('The category of an approved template cannot be changed.');
		const now = emulator.clock.now();
		const edits = (approvedEdits.get(template) ?? []).filter((at) => now - at < 30 * DAY_MS);
		if (edits.some((at) => now - at < DAY_MS)) throw invalidParameter('An approved template can be edited once per 24 hours.');
		if (edits.length >= 10) throw invalidParameter('An approved template can be edited at most 10 times per 30 days.');
		approvedEdits.set(template, [...edits, now]);
	}
	if (components !== undefined) checkComponents(emulator, components, (category as string) ?? template.category);
	if (category !== undefined) template.category = category as Template['category'];
	if (components !== undefined) template.components = components as Json[];
	if (template.status !== 'REJECTED') template.status = 'PENDING';
	return { success: true };
}

function deleteTemplates(emulator: GraphEmulator, req: ParsedRequest) {
	const { state } = emulator;
	const { name, hsm_id: hsmId } = req.query;
	if (!name) throw invalidParameter('Param name is required (with hsm_id to delete one language).');
	const matches = [...state.templates.values()].filter((t) => t.name === name && (hsmId === undefined || t.id === hsmId));
	if (matches.length === 0) throw invalidParameter(hsmId ? `No template ${hsmId} named ${name}.` : `Message template "${name}" does not exist.`);
	if (matches.some((t) => t.status === 'DISABLED')) throw invalidParameter('DISABLED templates cannot be deleted.');
	for (const template of matches) state.templates.delete(template.id);
	return { success: true };
}

/** Filters of the list: comma lists, matched exactly, except `name` (contains). */
function matchesFilters(template: Template, query: Record<string, string>) {
	const list = (key: string) => query[key]?.split(',').map((v) => v.trim()).filter(Boolean);
	const inList = (key: string, value: string | undefined) => !list(key)?.length || list(key)!.includes(value ?? '');
	return (
		(!query.name || template.name.includes(query.name)) &&
		inList('status', template.status) &&
		inList('category', template.category) &&
		inList('language', template.language) &&
		inList('quality_score', template.quality_score?.score)
	);
}

/** Meta's review outcomes and rejection reasons (Meta's Template management page, the status webhook's `reason`). */
const REVIEW_STATUSES = ['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'];
const REJECTION_REASONS = ['ABUSIVE_CONTENT', 'INCORRECT_CATEGORY', 'INVALID_FORMAT', 'PROMOTIONAL', 'SCAM', 'TAG_CONTENT_MISMATCH', 'NONE'];

/**
 * Meta's review of a template, later than its creation or edit: the status changes, and the
 * `message_template_status_update` webhook goes to the callback (if one is set) once the answer to
 * this call is out.
 */
export function reviewTemplate(emulator: GraphEmulator, id: string, status: string, reason = 'NONE') {
	const template = emulator.state.templates.get(id);
	if (!template) throw unknownObject(id);
	if (!REVIEW_STATUSES.includes(status)) throw invalidParameter(`Param status must be one of {${REVIEW_STATUSES.join(', ')}}.`);
	if (!REJECTION_REASONS.includes(reason)) throw invalidParameter(`Param reason must be one of {${REJECTION_REASONS.join(', ')}}.`);
	template.status = status;
	template.rejected_reason = status === 'REJECTED' ? reason : 'NONE';
	emulator.webhooks.sendAfterAnswer([emulator.webhooks.templateStatus(id, status, status === 'REJECTED' ? reason : 'NONE')]);
	return { id, status, rejected_reason: template.rejected_reason };
}

export function registerTemplates(emulator: GraphEmulator) {
	// For tests and demos: Meta's review of a template, {"status": "APPROVED"} or {"status": "REJECTED", "reason": "INVALID_FORMAT"}.
	emulator.controlRoute('POST', /^\/__emulator\/templates\/(\d+)\/review$/, ([, id], req) => {
		const body = (req.body ?? {}) as { status?: string; reason?: string };
		return reviewTemplate(emulator, id, String(body.status ?? ''), body.reason);
	});

	const { state } = emulator;
	const isWaba = (id: string) => id === state.wabaId;

	emulator.route('GET', /^\/(\d+)\/message_templates$/, ([, wabaId], req) => {
		if (!isWaba(wabaId)) return NEXT_ROUTE;
		const all = [...state.templates.values()].sort((a, b) => b.created_at - a.created_at || a.id.localeCompare(b.id));
		const found = all.filter((t) => matchesFilters(t, req.query)).map((t) => selectFields({ ...t, ...adEntities(state, t) }, req.query.fields ?? DEFAULT_FIELDS));
		const summary = req.query.summary
			? { summary: { total_count: found.length, message_template_count: all.length, message_template_limit: TEMPLATE_CAP, are_translations_complete: true } }
			: {};
		return { ...page(emulator, req, found), ...summary };
	});
	emulator.route('POST', /^\/(\d+)\/message_templates$/, ([, wabaId], req) => (isWaba(wabaId) ? createTemplate(emulator, req.body) : NEXT_ROUTE));
	emulator.route('DELETE', /^\/(\d+)\/message_templates$/, ([, wabaId], req) => (isWaba(wabaId) ? deleteTemplates(emulator, req) : NEXT_ROUTE));
	emulator.route('GET', /^\/(\d+)$/, ([, id], req) => {
		const template = state.templates.get(id);
		return template ? selectFields({ ...template, ...adEntities(state, template) }, req.query.fields ?? DEFAULT_FIELDS) : NEXT_ROUTE;
	});
	emulator.route('POST', /^\/(\d+)$/, ([, id], req) => {
		const template = state.templates.get(id);
		return template ? editTemplate(emulator, template, req.body) : NEXT_ROUTE;
	});
}
