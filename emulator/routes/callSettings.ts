import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';

/**
 * `GET` / `POST /{phone-number-id}/settings` (Meta's Configure call settings page). Meta's
 * documentation is silent on the error code of a bad setting; we answer 100 with the details.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const bad = (path: string, problem: string) => invalidParameter(`Invalid calling settings: ${path} ${problem}`);
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const KEYS = ['status', 'call_icon_visibility', 'call_icons', 'call_hours', 'callback_permission_status', 'srtp_key_exchange_protocol', 'audio', 'voicemail', 'sip'];
/** Messaging limits below 2,000 (calling needs at least 2K; Meta's Cloud API Calling overview). */
const LOW_LIMITS = ['TIER_50', 'TIER_250'];

function only(object: Json, keys: string[], path: string) {
	for (const key of Object.keys(object)) if (!keys.includes(key)) throw bad(`${path}.${key}`, `is not a known field (use ${keys.join(', ')}).`);
}

function oneOf(object: Json, key: string, path: string, values: string[], required = false) {
	const value = object[key];
	if (value === undefined) {
		if (required) throw bad(`${path}.${key}`, 'is required.');
		return undefined;
	}
	if (typeof value !== 'string' || !values.includes(value)) throw bad(`${path}.${key}`, `must be one of {${values.join(', ')}}.`);
	return value;
}

function objectAt(object: Json, key: string, path: string): Json | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (!isObject(value)) throw bad(`${path}.${key}`, 'must be an object.');
	return value;
}

function arrayAt(object: Json, key: string, path: string, max?: number): unknown[] | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (!Array.isArray(value)) throw bad(`${path}.${key}`, 'must be an array.');
	if (max !== undefined && value.length > max) throw bad(`${path}.${key}`, `must have at most ${max} entries (got ${value.length}).`);
	return value;
}

function time(object: Json, key: string, path: string): string {
	const value = object[key];
	if (typeof value !== 'string' || !/^([01]\d|2[0-3])[0-5]\d$/.test(value)) throw bad(`${path}.${key}`, 'must be a time as HHMM (0000-2359).');
	return value;
}

function validZone(zone: unknown): zone is string {
	if (typeof zone !== 'string') return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

function checkCallHours(hours: Json, now: number) {
	const path = 'call_hours';
	only(hours, ['status', 'timezone_id', 'weekly_operating_hours', 'holiday_schedule'], path);
	oneOf(hours, 'status', path, ['ENABLED', 'DISABLED'], true);
	if (!validZone(hours.timezone_id)) throw bad(`${path}.timezone_id`, `must be a valid time zone (got ${JSON.stringify(hours.timezone_id)}).`);
	const weekly = arrayAt(hours, 'weekly_operating_hours', path);
	if (!weekly?.length) throw bad(`${path}.weekly_operating_hours`, 'must not be empty.');
	const perDay = new Map<string, Array<[string, string]>>();
	weekly.forEach((entry, i) => {
		const at = `${path}.weekly_operating_hours[${i}]`;
		if (!isObject(entry)) throw bad(at, 'must be an object.');
		only(entry, ['day_of_week', 'open_time', 'close_time'], at);
		const day = oneOf(entry, 'day_of_week', at, DAYS, true)!;
		const [open, close] = [time(entry, 'open_time', at), time(entry, 'close_time', at)];
		if (open >= close) throw bad(at, `must open before it closes (${open} >= ${close}).`);
		perDay.set(day, [...(perDay.get(day) ?? []), [open, close]]);
	});
	for (const [day, ranges] of perDay) {
		if (ranges.length > 2) throw bad(`${path}.weekly_operating_hours`, `has ${ranges.length} entries for ${day}; at most 2 per day.`);
		const [a, b] = ranges.sort();
		if (b && b[0] < a[1]) throw bad(`${path}.weekly_operating_hours`, `has overlapping entries for ${day}.`);
	}
	const holidays = arrayAt(hours, 'holiday_schedule', path, 20) ?? [];
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: hours.timezone_id as string, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
	holidays.forEach((entry, i) => {
		const at = `${path}.holiday_schedule[${i}]`;
		if (!isObject(entry)) throw bad(at, 'must be an object.');
		only(entry, ['date', 'start_time', 'end_time'], at);
		const date = entry.date;
		if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw bad(`${at}.date`, 'must be a date as YYYY-MM-DD.');
		if (date < today) throw bad(`${at}.date`, `must not be in the past (${date}).`);
		if (time(entry, 'start_time', at) >= time(entry, 'end_time', at)) throw bad(at, 'must start before it ends.');
	});
}

function checkVoicemail(voicemail: Json) {
	const path = 'voicemail';
	only(voicemail, ['status', 'triggers', 'audio'], path);
	const status = oneOf(voicemail, 'status', path, ['ENABLED', 'DISABLED'], true);
	const triggers = arrayAt(voicemail, 'triggers', path) ?? [];
	for (const trigger of triggers) if (trigger !== 'REJECT' && trigger !== 'TIMEOUT') throw bad(`${path}.triggers`, 'must hold only REJECT and TIMEOUT.');
	if (status === 'ENABLED' && triggers.length === 0) throw bad(`${path}.triggers`, 'needs at least one trigger when voicemail is enabled.');
	const audio = objectAt(voicemail, 'audio', path);
	const defaults = audio && objectAt(audio, 'default', `${path}.audio`);
	const timeout = defaults?.timeout_seconds;
	if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout > 30)) throw bad(`${path}.audio.default.timeout_seconds`, 'must be an integer from 0 to 30.');
	if (triggers.includes('TIMEOUT') && timeout === undefined) throw bad(`${path}.audio.default.timeout_seconds`, 'is required for the TIMEOUT trigger.');
}

function checkSip(sip: Json) {
	const path = 'sip';
	only(sip, ['status', 'webhook_delivery', 'servers'], path);
	oneOf(sip, 'status', path, ['ENABLED', 'DISABLED']);
	oneOf(sip, 'webhook_delivery', path, ['ENABLED', 'DISABLED']);
	(arrayAt(sip, 'servers', path, 1) ?? []).forEach((server, i) => {
		const at = `${path}.servers[${i}]`;
		if (!isObject(server)) throw bad(at, 'must be an object.');
		only(server, ['hostname', 'port', 'request_uri_user_params'], at);
		if (typeof server.hostname !== 'string' || !server.hostname) throw bad(`${at}.hostname`, 'is required.');
		if (server.port !== undefined && (!Number.isInteger(server.port) || (server.port as number) < 1 || (server.port as number) > 65535)) throw bad(`${at}.port`, 'must be a port number.');
		const params = objectAt(server, 'request_uri_user_params', at) ?? {};
		for (const [key, value] of Object.entries(params)) {
			if (key.length > 128 || typeof value !== 'string' || value.length > 128) throw bad(`${at}.request_uri_user_params`, 'keys and values must be strings of at most 128 characters.');
		}
	});
}

/** Checks a `calling` update and returns it; throws Meta's error for the first problem. */
function checkCalling(calling: Json, now: number) {
	only(calling, KEYS, 'calling');
	if (Object.keys(calling).length === 0) throw bad('calling', 'must hold at least one setting.');
	oneOf(calling, 'status', 'calling', ['ENABLED', 'DISABLED']);
	// The settings page names DEFAULT and DISABLE_ALL; Meta's Calling FAQ also names HIDE_IN_CHAT: we accept all three.
	oneOf(calling, 'call_icon_visibility', 'calling', ['DEFAULT', 'DISABLE_ALL', 'HIDE_IN_CHAT']);
	oneOf(calling, 'callback_permission_status', 'calling', ['ENABLED', 'DISABLED']);
	oneOf(calling, 'srtp_key_exchange_protocol', 'calling', ['DTLS', 'SDES']);
	const icons = objectAt(calling, 'call_icons', 'calling');
	if (icons) {
		only(icons, ['restrict_to_user_countries'], 'calling.call_icons');
		for (const code of arrayAt(icons, 'restrict_to_user_countries', 'calling.call_icons') ?? [])
			if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) throw bad('calling.call_icons.restrict_to_user_countries', `must hold ISO country codes (got ${JSON.stringify(code)}).`);
	}
	const audio = objectAt(calling, 'audio', 'calling');
	if (audio) {
		only(audio, ['additional_codecs'], 'calling.audio');
		for (const codec of arrayAt(audio, 'additional_codecs', 'calling.audio') ?? [])
			if (codec !== 'PCMA' && codec !== 'PCMU') throw bad('calling.audio.additional_codecs', 'must hold only PCMA and PCMU.');
	}
	const hours = objectAt(calling, 'call_hours', 'calling');
	if (hours) checkCallHours(hours, now);
	const voicemail = objectAt(calling, 'voicemail', 'calling');
	if (voicemail) checkVoicemail(voicemail);
	const sip = objectAt(calling, 'sip', 'calling');
	if (sip) checkSip(sip);
}

/** The settings with an update applied: keys given replace what was there (call hours wholesale). */
function merged(current: Json, update: Json): Json {
	const next: Json = { ...current, ...update };
	if (isObject(update.sip)) next.sip = { ...(current.sip as Json), ...update.sip };
	return next;
}

export function registerCallSettings(emulator: GraphEmulator) {
	const { state } = emulator;

	emulator.route('GET', /^\/(\d+)\/settings$/, ([, id], req) => {
		emulator.phoneNumber(id);
		const calling = structuredClone(state.calls.calling(id));
		const sip = calling.sip as Json;
		// GET adds the app that configured SIP, and the password only when asked for (SIP configuration).
		if (Array.isArray(sip.servers) && sip.servers.length) {
			sip.servers = sip.servers.map((server: Json) => ({
				...server,
				app_id: Number(state.appId),
				...(req.query.include_sip_credentials === 'true' ? { sip_user_password: state.calls.sipPassword } : {}),
			}));
		}
		return { calling };
	});

	emulator.route('POST', /^\/(\d+)\/settings$/, ([, id], req) => {
		const number = emulator.phoneNumber(id);
		const body = req.body;
		if (!isObject(body) || !isObject(body.calling)) throw invalidParameter('Param calling must be an object.');
		only(body, ['calling', 'messaging_product'], '');
		const now = emulator.clock.now();
		checkCalling(body.calling, now);
		const next = merged(state.calls.calling(id), body.calling);
		if (next.status === 'ENABLED') {
			if (LOW_LIMITS.includes(number.whatsapp_business_manager_messaging_limit))
				throw new GraphError(138015, 'Calling cannot be enabled', 'Calling needs a messaging limit of at least 2,000.');
			// The emulator has no per-field app subscriptions: a callback URL (or override) stands for a `calls` subscriber.
			if (!emulator.webhooks.target && (next.sip as Json | undefined)?.status !== 'ENABLED')
				throw new GraphError(138018, 'Calling prerequisites not met', 'Subscribe an app to the calls webhook field or configure SIP before enabling calling.');
		}
		if ((next.voicemail as Json | undefined)?.status === 'ENABLED' && next.status !== 'ENABLED') throw bad('voicemail', 'needs calling to be enabled.');
		state.calls.settings.set(id, next);
		emulator.webhooks.sendAfterAnswer([settingsWebhook(id, next, now)]);
		return { success: true };
	});
}

/** `account_settings_update`, sent on every change, the app's own included. */
function settingsWebhook(phoneNumberId: string, calling: Json, now: number) {
	const watched = ['status', 'call_icon_visibility', 'callback_permission_status', 'call_hours', 'sip', 'srtp_key_exchange_protocol'];
	return {
		field: 'account_settings_update',
		value: {
			messaging_product: 'whatsapp',
			timestamp: String(Math.floor(now / 1000)),
			type: 'phone_number_settings',
			phone_number_settings: { phone_number_id: phoneNumberId, calling: Object.fromEntries(watched.filter((key) => key in calling).map((key) => [key, calling[key]])) },
		},
	};
}
