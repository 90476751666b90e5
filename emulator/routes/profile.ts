import { invalidParameter } from '../graphError';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';
import type { PhoneNumber } from '../state';
import { checkIssuedHandle } from '../uploads';
import { selectFields } from './fields';

/** The business profile of each number and its limits (Meta's Business profiles page). */

interface Profile {
	about: string;
	address?: string;
	description?: string;
	email?: string;
	profile_picture_url?: string;
	websites?: string[];
	vertical: string;
}

const VERTICALS = ['UNDEFINED', 'OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY', 'GOVT', 'HOTEL', 'HEALTH', 'NONPROFIT', 'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'NOT_A_BIZ'];
const TEXT_LIMITS: Record<string, [number, number]> = { about: [1, 139], address: [0, 256], description: [0, 512], email: [0, 128] };
const ALL_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

const profiles = new WeakMap<PhoneNumber, Profile>();

function profileOf(number: PhoneNumber): Profile {
	let profile = profiles.get(number);
	if (!profile) profiles.set(number, (profile = { about: 'Hey there! I am using WhatsApp.', vertical: 'UNDEFINED' }));
	return profile;
}

function update(emulator: GraphEmulator, profile: Profile, body: unknown) {
	if (typeof body !== 'object' || body === null) throw invalidParameter('The request body must be a JSON object.');
	const fields = body as Record<string, unknown>;
	if (fields.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	const changes: Partial<Profile> & { profile_picture_handle?: string } = {};
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'messaging_product') continue;
		if (key in TEXT_LIMITS) {
			const [min, max] = TEXT_LIMITS[key];
			if (typeof value !== 'string' || value.length < min || value.length > max) throw invalidParameter(`Param ${key} must be a string of ${min} to ${max} characters.`);
			if (key === 'email' && value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidParameter('Param email must be an email address.');
			(changes as Record<string, unknown>)[key] = value;
		} else if (key === 'websites') {
			if (!Array.isArray(value) || value.length > 2) throw invalidParameter('Param websites must be an array of at most 2 URLs.');
			for (const url of value) {
				if (typeof url !== 'string' || !/^https?:\/\//.test(url) || url.length > 256) throw invalidParameter('Each website must be an http:// or https:// URL of at most 256 characters.');
			}
			changes.websites = value as string[];
		} else if (key === 'vertical') {
			if (!VERTICALS.includes(value as string)) throw invalidParameter(`Param vertical must be one of {${VERTICALS.join(', ')}}.`);
			changes.vertical = value as string;
		} else if (key === 'profile_picture_handle') {
			if (typeof value !== 'string' || !value) throw invalidParameter('Param profile_picture_handle must be an upload handle.');
			checkIssuedHandle(emulator.state.uploads, value, emulator.clock.now(), ['image/jpeg', 'image/png'], 'the profile picture');
			changes.profile_picture_url = `https://pps.whatsapp.net/v/emulated/${encodeURIComponent(value)}.jpg`;
		} else {
			throw invalidParameter(`Unknown parameter ${key}.`);
		}
	}
	Object.assign(profile, changes);
}

export function registerProfile(emulator: GraphEmulator) {
	const known = (id: string) => emulator.state.phoneNumbers.get(id);
	emulator.route('GET', /^\/(\d+)\/whatsapp_business_profile$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		return { data: [{ ...selectFields(profileOf(number), req.query.fields ?? ALL_FIELDS, []), messaging_product: 'whatsapp' }] };
	});
	emulator.route('POST', /^\/(\d+)\/whatsapp_business_profile$/, ([, id], req) => {
		const number = known(id);
		if (!number) return NEXT_ROUTE;
		update(emulator, profileOf(number), req.body);
		return { success: true };
	});
}
