import { randomInt } from 'node:crypto';
import { GraphError, invalidParameter } from '../graphError';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';
import type { PhoneNumber } from '../state';
import { selectFields } from './fields';
import { page } from './paging';

/** Registration limits and regions (Meta's Registration page). */
const REGISTRATION_CALLS = 10;
const REGISTRATION_WINDOW_MS = 72 * 3600_000;
const REGIONS = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'];

/** Display name changes per number in 30 days (Meta's "Display names" page). */
const NAME_CHANGES = 10;
const NAME_WINDOW_MS = 30 * 24 * 3600_000;
/** OBA applications take 5 to 10 supporting links (Meta's OBA Status reference). */
const OBA_LINKS = [5, 10];

/** What the emulator tracks per number beyond its public fields; dropped with the number on reset. */
interface Registration {
	pin?: string;
	pendingCode?: string;
	calls: { register: number[]; deregister: number[] };
	nameChanges?: number[];
}
const registrations = new WeakMap<PhoneNumber, Registration>();

export function registrationOf(number: PhoneNumber): Registration {
	let registration = registrations.get(number);
	if (!registration) registrations.set(number, (registration = { calls: { register: [], deregister: [] } }));
	return registration;
}

const sixDigits = (value: unknown) => typeof value === 'string' && /^\d{6}$/.test(value);
const success = { success: true };

/** 10 register (or deregister) calls per number per 72 h, then 133016. */
function countCall(emulator: GraphEmulator, number: PhoneNumber, kind: 'register' | 'deregister') {
	const now = emulator.clock.now();
	const calls = registrationOf(number).calls;
	calls[kind] = calls[kind].filter((at) => now - at < REGISTRATION_WINDOW_MS);
	if (calls[kind].length >= REGISTRATION_CALLS) {
		throw new GraphError(133016, 'Account register deregister rate limit exceeded', `At most ${REGISTRATION_CALLS} ${kind} requests per number in 72 hours.`);
	}
	calls[kind].push(now);
}

export function registerPhoneNumbers(emulator: GraphEmulator) {
	const { state } = emulator;
	const known = (id: string) => state.phoneNumbers.get(id);
	/** The JSON body and query parameters merged: Graph reads parameters from either. */
	const input = (req: { body: unknown; query: Record<string, string> }) => ({ ...req.query, ...((req.body as Record<string, unknown>) ?? {}) });

	// Newest onboarded first, as Meta lists them.
	emulator.route('GET', /^\/(\d+)\/phone_numbers$/, ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		const numbers = [...state.phoneNumbers.values()].reverse().map((n) => selectFields(n, req.query.fields));
		return page(emulator, req, numbers);
	});

	emulator.route('GET', /^\/(\d+)$/, ([, id], req) => {
		const number = known(id);
		return number ? selectFields(number, req.query.fields) : NEXT_ROUTE;
	});

	// Set or change the two-step PIN, or request a display name change: POST on the number takes either.
	emulator.route('POST', /^\/(\d+)$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		const { pin, new_display_name: newName } = input(req);
		if (newName !== undefined) return requestNameChange(emulator, number, newName);
		if (pin === undefined) throw invalidParameter('This endpoint takes pin (6 digits) or new_display_name.');
		if (!sixDigits(pin)) throw invalidParameter('Param pin must be a 6-digit number.');
		registrationOf(number).pin = pin as string;
		return success;
	});

	// Add a number to the WABA (Meta's Phone Number Management reference): cc, phone_number, verified_name.
	emulator.route('POST', /^\/(\d+)\/phone_numbers$/, ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		return addNumber(emulator, input(req));
	});

	emulator.route('POST', /^\/(\d+)\/official_business_account$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		return applyForOba(number, input(req));
	});

	emulator.route('GET', /^\/(\d+)\/official_business_account$/, ([, id]) => {
		const number = known(id);
		return number ? { ...number.official_business_account, id } : NEXT_ROUTE;
	});

	emulator.route('POST', /^\/(\d+)\/request_code$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		const { code_method: method, language } = input(req);
		if (method !== 'SMS' && method !== 'VOICE') throw invalidParameter('Param code_method must be one of {SMS, VOICE}.');
		if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2,4})?$/.test(language)) throw invalidParameter('Param language must be a language code such as en_US.');
		registrationOf(number).pendingCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
		return success;
	});

	emulator.route('POST', /^\/(\d+)\/verify_code$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		const { code } = input(req);
		if (!sixDigits(code)) throw invalidParameter('Param code must be a 6-digit number.');
		const registration = registrationOf(number);
		// 136025 is the code Meta answers a wrong code with; Meta's Error codes page does not list it.
		if (!registration.pendingCode || registration.pendingCode !== code) throw new GraphError(136025, 'Verify code error', 'The code does not match the last code requested.');
		registration.pendingCode = undefined;
		number.code_verification_status = 'VERIFIED';
		return success;
	});

	emulator.route('POST', /^\/(\d+)\/register$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		const body = input(req);
		if (body.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
		if (!sixDigits(body.pin)) throw invalidParameter('Param pin must be a 6-digit number.');
		const region = body.data_localization_region;
		if (region !== undefined && !REGIONS.includes(region as string)) throw invalidParameter(`Param data_localization_region must be one of {${REGIONS.join(', ')}}.`);
		countCall(emulator, number, 'register');
		const registration = registrationOf(number);
		if (registration.pin && registration.pin !== body.pin) throw new GraphError(133005, 'Two step verification PIN Mismatch', 'The PIN does not match the two-step verification PIN of this number.');
		registration.pin = body.pin as string;
		number.status = 'CONNECTED';
		return success;
	});

	emulator.route('POST', /^\/(\d+)\/deregister$/, ([, id]) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		countCall(emulator, number, 'deregister');
		number.status = 'DISCONNECTED';
		return success;
	});
}

/** POST /{waba-id}/phone_numbers. Meta's schema calls phone_number "E.164 without +" yet its example adds cc: both are taken. */
function addNumber(emulator: GraphEmulator, body: Record<string, unknown>) {
	const cc = String(body.cc ?? '');
	const raw = String(body.phone_number ?? '').replace(/\D/g, '');
	if (!/^\d{1,3}$/.test(cc)) throw invalidParameter('Param cc must be a country calling code of 1 to 3 digits.');
	const national = raw.startsWith(cc) && raw.length > 10 ? raw.slice(cc.length) : raw;
	if (!/^\d{4,14}$/.test(national) || cc.length + national.length > 15) throw invalidParameter('Param phone_number must be a phone number of at most 15 digits with cc.');
	if (typeof body.verified_name !== 'string' || body.verified_name.trim().length === 0) throw invalidParameter('Param verified_name is required.');
	const display = `${cc}${national}`;
	if ([...emulator.state.phoneNumbers.values()].some((n) => n.display_phone_number === display)) {
		throw invalidParameter(`The phone number +${display} is already in a WhatsApp Business Account.`);
	}
	const id = `1065${String(randomInt(0, 10 ** 11)).padStart(11, '0')}`;
	emulator.state.addPhoneNumber({
		id,
		display_phone_number: display,
		verified_name: body.verified_name,
		code_verification_status: 'NOT_VERIFIED',
		name_status: 'PENDING_REVIEW',
		quality_rating: 'UNKNOWN',
		platform_type: 'NOT_APPLICABLE',
		status: 'PENDING',
	});
	return { id };
}

/** POST /{phone-number-id}?new_display_name=…: 10 per 30 days; the review starts as PENDING_REVIEW. */
function requestNameChange(emulator: GraphEmulator, number: PhoneNumber, name: unknown) {
	if (typeof name !== 'string' || name.trim().length === 0) throw invalidParameter('Param new_display_name must be a display name.');
	if (number.is_official_business_account) throw invalidParameter('An Official Business Account changes its display name through direct support.');
	const now = emulator.clock.now();
	const registration = registrationOf(number);
	registration.nameChanges = (registration.nameChanges ?? []).filter((at) => now - at < NAME_WINDOW_MS);
	if (registration.nameChanges.length >= NAME_CHANGES) throw invalidParameter(`At most ${NAME_CHANGES} display name changes per 30 days.`);
	registration.nameChanges.push(now);
	number.new_display_name = name;
	number.new_name_status = 'PENDING_REVIEW';
	return success;
}

/**
 * POST /{phone-number-id}/official_business_account with the fields of Meta's OBA Status
 * reference. Of Meta's conditions the emulator checks the one it knows: an approved display name.
 */
function applyForOba(number: PhoneNumber, body: Record<string, unknown>) {
	for (const field of ['business_website_url', 'primary_country_of_operation']) {
		if (typeof body[field] !== 'string' || !body[field]) throw invalidParameter(`Param ${field} is required.`);
	}
	if (!/^https?:\/\//.test(body.business_website_url as string)) throw invalidParameter('Param business_website_url must be an http(s) URL.');
	const links = body.supporting_links;
	if (links !== undefined && (!Array.isArray(links) || links.length < OBA_LINKS[0] || links.length > OBA_LINKS[1])) {
		throw invalidParameter(`Param supporting_links must hold ${OBA_LINKS[0]} to ${OBA_LINKS[1]} links.`);
	}
	if (number.name_status !== 'APPROVED') throw invalidParameter('An Official Business Account needs an approved display name.');
	if (['PENDING', 'APPROVED'].includes(number.official_business_account.oba_status)) throw invalidParameter(`An application is already ${number.official_business_account.oba_status}.`);
	number.official_business_account = { oba_status: 'PENDING', status_message: 'Your request is under review.' };
	return {
		success: true,
		message: 'Official Business Account request submitted.',
		updated_status: { id: number.id, ...number.official_business_account },
		tracking_id: `oba-${number.id}-${Date.now().toString(36)}`,
	};
}
