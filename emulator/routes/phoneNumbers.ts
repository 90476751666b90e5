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

/** What the emulator tracks per number beyond its public fields; dropped with the number on reset. */
interface Registration {
	pin?: string;
	pendingCode?: string;
	calls: { register: number[]; deregister: number[] };
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

	// Set or change the two-step PIN.
	emulator.route('POST', /^\/(\d+)$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		const { pin } = input(req);
		if (pin === undefined) throw invalidParameter('This endpoint takes pin (6 digits).');
		if (!sixDigits(pin)) throw invalidParameter('Param pin must be a 6-digit number.');
		registrationOf(number).pin = pin as string;
		return success;
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
