import { DAY_MS, newCallId, PERMISSION_DAYS, type CallPermission, type EmulatedCall } from '../calls';
import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import { registerCallSettings } from './callSettings';

/**
 * The Calling API (whatsapp-cloud-api.md §13): call permissions, `POST /{phone-number-id}/calls`
 * with its webhooks, and the control routes that act as the user. Written apart from the
 * package's checks on purpose: it is the oracle the call operations are tested against.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const ACTIONS = ['connect', 'pre_accept', 'accept', 'reject', 'terminate'];
/** Business numbers of these country codes cannot place calls (138013, §13.2). */
const NO_OUTBOUND = ['1', '20', '84', '234'];
const LIMITS = { requestsPerDay: 1, requestsPerWeek: 2, connectedPerDay: 100, newCallsPerDay: 10_000, concurrent: 1_000, lookupsPerSecond: 100 };
const CUSTOMER_NAME = 'Sheena Nelson';

/** User wa_id: 7 to 15 digits, `+` and separators dropped. */
function waIdOf(value: unknown, param: string): string {
	if (typeof value !== 'string' || !value) throw invalidParameter(`The parameter ${param} is required.`);
	const digits = value.replace(/[\s\-()+]/g, '');
	if (!/^\d{7,15}$/.test(digits)) throw invalidParameter(`Invalid parameter ${param}: "${value}" is not a valid phone number.`);
	return digits;
}

/**
 * 138013 for the countries Meta lists. The emulator's own numbers are fictional +1 555 numbers,
 * treated as public test numbers so calls can be tested; any other +1 number is refused.
 */
function checkOutboundCountry(display: string) {
	if (display.startsWith('1555')) return;
	if (NO_OUTBOUND.some((code) => display.startsWith(code)))
		throw new GraphError(138013, 'Business-initiated calling is not available', `Business-initiated calling is not available for the country of +${display}.`);
}

const inWindow = (times: number[], now: number, ms: number) => times.filter((t) => t > now - ms);

/** An SDP as Meta parses it (§13.1): v=0 first, CRLF line ends, one audio stream, keys for the SRTP mode. */
function checkSdp(session: unknown, sdpType: 'offer' | 'answer', sdes: boolean): string {
	if (!isObject(session)) throw invalidParameter('The parameter session is required.');
	if (session.sdp_type !== sdpType) throw invalidParameter(`Param session.sdp_type must be "${sdpType}".`);
	const sdp = session.sdp;
	const fail = (why: string) => new GraphError(100, 'Invalid parameter', `SDP Validation error: ${why}`);
	if (typeof sdp !== 'string' || !sdp) throw invalidParameter('The parameter session.sdp is required.');
	if (!/^v=0\r?\n/.test(sdp)) throw fail('the SDP must start with the line v=0.');
	if (/(^|[^\r])\n/.test(sdp) || !sdp.endsWith('\r\n')) throw fail('every line must end in \\r\\n.');
	const media = sdp.split('\r\n').filter((line) => line.startsWith('m='));
	if (media.length !== 1 || !media[0].startsWith('m=audio ')) throw fail('exactly one audio stream (m=audio) is supported.');
	if (!sdes && !/\r\na=fingerprint:/.test(sdp)) throw fail('No fingerprint found in SDP.');
	if (sdes && !/\r\na=crypto:/.test(sdp)) throw fail('No crypto line found in SDP (SDES is configured).');
	return sdp;
}

/** Recording / transcription (§13.5): status, then purpose ≤ 250 and a language when enabled. */
function checkCapture(body: Json, key: string) {
	const capture = body[key];
	if (capture === undefined) return;
	if (!isObject(capture)) throw invalidParameter(`Param ${key} must be an object.`);
	if (capture.status !== 'ENABLED' && capture.status !== 'DISABLED') throw invalidParameter(`Param ${key}.status must be one of {ENABLED, DISABLED}.`);
	if (capture.status !== 'ENABLED') return;
	if (typeof capture.purpose !== 'string' || !capture.purpose) throw invalidParameter(`Param ${key}.purpose is required when ${key} is enabled.`);
	if (capture.purpose.length > 250) throw invalidParameter(`Param ${key}.purpose must be at most 250 characters long (got ${capture.purpose.length}).`);
	if (typeof capture.announcement_language !== 'string' || !capture.announcement_language) throw invalidParameter(`Param ${key}.announcement_language is required when ${key} is enabled.`);
}

function checkTracking(body: Json): string | undefined {
	const tracking = body.biz_opaque_callback_data;
	if (tracking === undefined) return undefined;
	if (typeof tracking !== 'string') throw invalidParameter('Param biz_opaque_callback_data must be a string.');
	if (tracking.length > 512) throw invalidParameter(`Param biz_opaque_callback_data must be at most 512 characters long (got ${tracking.length}).`);
	return tracking;
}

/** A synthetic SDP as Meta's side of a call sends it (ICE-lite, DTLS fingerprint, Opus). */
function metaSdp(kind: 'offer' | 'answer') {
	return [
		'v=0',
		`o=- ${Date.now()} 2 IN IP4 157.240.0.1`,
		's=-',
		't=0 0',
		'a=ice-lite',
		'm=audio 3480 UDP/TLS/RTP/SAVPF 111',
		'c=IN IP4 157.240.0.1',
		'a=rtpmap:111 opus/48000/2',
		'a=ice-ufrag:meta',
		'a=ice-pwd:emulatedemulatedemulated',
		'a=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E',
		`a=setup:${kind === 'offer' ? 'actpass' : 'passive'}`,
		'',
	].join('\r\n');
}

export function registerCalls(emulator: GraphEmulator) {
	const { state } = emulator;
	const calls = state.calls;
	const now = () => emulator.clock.now();
	const seconds = (ms = now()) => String(Math.floor(ms / 1000));
	const display = (id: string) => state.phoneNumbers.get(id)?.display_phone_number ?? '';

	registerCallSettings(emulator);

	// --- webhooks (§13.7) ----------------------------------------------------------------------

	const change = (call: EmulatedCall, rest: Json) => ({
		field: 'calls',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: display(call.phoneNumberId), phone_number_id: call.phoneNumberId },
			...rest,
		},
	});
	const parties = (call: EmulatedCall) =>
		call.direction === 'USER_INITIATED' ? { from: call.waId, to: display(call.phoneNumberId) } : { from: display(call.phoneNumberId), to: call.waId };
	const extras = (call: EmulatedCall) => ({
		...(call.tracking ? { biz_opaque_callback_data: call.tracking } : {}),
		...(call.ctaPayload ? { cta_payload: call.ctaPayload } : {}),
		...(call.deeplinkPayload ? { deeplink_payload: call.deeplinkPayload } : {}),
	});
	const contacts = (call: EmulatedCall) => [{ profile: { name: CUSTOMER_NAME }, wa_id: call.waId }];

	const connectEvent = (call: EmulatedCall, event: 'connect' | 'call_created' = 'connect') =>
		change(call, {
			contacts: contacts(call),
			calls: [
				{
					id: call.id,
					...parties(call),
					event,
					direction: call.direction,
					timestamp: seconds(call.startedAt),
					...(event === 'connect'
						? { session: call.direction === 'USER_INITIATED' ? { sdp_type: 'offer', sdp: call.offer } : { sdp_type: 'answer', sdp: call.answer } }
						: {}),
					...extras(call),
				},
			],
		});
	const statusEvent = (call: EmulatedCall, status: 'RINGING' | 'ACCEPTED' | 'REJECTED') =>
		change(call, { statuses: [{ id: call.id, type: 'call', status, timestamp: seconds(), recipient_id: call.waId, ...(call.tracking ? { biz_opaque_callback_data: call.tracking } : {}) }] });
	const terminateEvent = (call: EmulatedCall) =>
		change(call, {
			contacts: contacts(call),
			calls: [
				{
					id: call.id,
					...parties(call),
					event: 'terminate',
					direction: call.direction,
					timestamp: seconds(call.endedAt),
					status: call.status,
					...(call.answeredAt
						? { start_time: seconds(call.answeredAt), end_time: seconds(call.endedAt), duration: Math.round(((call.endedAt ?? now()) - call.answeredAt) / 1000) }
						: {}),
					...extras(call),
				},
			],
		});

	/** SIP numbers get no calls webhooks unless webhook_delivery is on, and then only call_created and terminate (§13.3). */
	const sipOf = (phoneNumberId: string) => (calls.calling(phoneNumberId).sip ?? {}) as Json;
	const webhooksAllowed = (call: EmulatedCall, event: string) => {
		const sip = sipOf(call.phoneNumberId);
		if (sip.status !== 'ENABLED') return event !== 'call_created';
		return sip.webhook_delivery === 'ENABLED' && (event === 'call_created' || event === 'terminate');
	};

	// --- state changes ---------------------------------------------------------------------

	/** A connected call resets the permission request counters in either direction (§13.4). */
	function connected(call: EmulatedCall) {
		call.state = 'accepted';
		call.answeredAt = now();
		const permission = calls.permission(call.phoneNumberId, call.waId, now());
		permission.requests = [];
		if (call.direction === 'BUSINESS_INITIATED') permission.connected.push(now());
	}

	function end(call: EmulatedCall) {
		call.state = 'ended';
		call.endedAt = now();
		call.status = call.answeredAt ? 'COMPLETED' : 'FAILED';
		if (webhooksAllowed(call, 'terminate')) emulator.webhooks.sendAfterAnswer([terminateEvent(call)]);
	}

	// --- call permissions (§13.4) ------------------------------------------------------------

	emulator.route('GET', /^\/(\d+)\/call_permissions$/, ([, id], req) => {
		emulator.phoneNumber(id);
		const lookups = inWindow(calls.lookups.get(id) ?? [], now(), 1000);
		if (lookups.length >= LIMITS.lookupsPerSecond) throw new GraphError(613, 'Calls to this api have exceeded the rate limit.', 'At most 100 call permission lookups per second per number.', 429);
		calls.lookups.set(id, [...lookups, now()]);
		const waId = waIdOf(req.query.user_wa_id ?? req.query.recipient, 'user_wa_id');
		const permission = calls.permission(id, waId, now());
		const day = inWindow(permission.requests, now(), DAY_MS);
		const week = inWindow(permission.requests, now(), 7 * DAY_MS);
		const connectedToday = inWindow(permission.connected, now(), DAY_MS);
		const until = (times: number[], ms: number) => ({ limit_expiration_time: Math.floor((Math.min(...times) + ms) / 1000) });
		return {
			messaging_product: 'whatsapp',
			permission: { status: permission.status, ...(permission.expiresAt ? { expiration_time: Math.floor(permission.expiresAt / 1000) } : {}) },
			actions: [
				{
					action_name: 'send_call_permission_request',
					can_perform_action: permission.status !== 'permanent' && day.length < LIMITS.requestsPerDay && week.length < LIMITS.requestsPerWeek,
					limits: [
						{ time_period: 'PT24H', max_allowed: LIMITS.requestsPerDay, current_usage: day.length, ...(day.length >= LIMITS.requestsPerDay ? until(day, DAY_MS) : {}) },
						{ time_period: 'P7D', max_allowed: LIMITS.requestsPerWeek, current_usage: week.length, ...(week.length >= LIMITS.requestsPerWeek ? until(week, 7 * DAY_MS) : {}) },
					],
				},
				{
					action_name: 'start_call',
					can_perform_action: permission.status !== 'no_permission' && connectedToday.length < LIMITS.connectedPerDay,
					limits: [
						{
							time_period: 'PT24H',
							max_allowed: LIMITS.connectedPerDay,
							current_usage: connectedToday.length,
							...(connectedToday.length >= LIMITS.connectedPerDay ? until(connectedToday, DAY_MS) : {}),
						},
					],
				},
			],
		};
	});

	// --- POST /{phone-number-id}/calls (§13.5, §13.6) ---------------------------------------

	function connect(phoneNumberId: string, body: Json) {
		if (calls.calling(phoneNumberId).status !== 'ENABLED') throw new GraphError(138000, 'Calling not enabled', 'Calling is not enabled for this phone number.', 401);
		checkOutboundCountry(display(phoneNumberId));
		const waId = waIdOf(body.to, 'to');
		const sdes = calls.calling(phoneNumberId).srtp_key_exchange_protocol === 'SDES';
		const offer = checkSdp(body.session, 'offer', sdes);
		const tracking = checkTracking(body);
		checkCapture(body, 'recording');
		checkCapture(body, 'transcription');
		const t = now();
		const permission = calls.permission(phoneNumberId, waId, t);
		if (permission.status === 'no_permission') throw new GraphError(138006, 'No approved call permission', 'There is no approved call permission from this user.', 401);
		const ongoing = calls.ongoing(phoneNumberId);
		if (ongoing.length >= LIMITS.concurrent) throw new GraphError(138002, 'Concurrent calls limit reached', 'At most 1,000 concurrent calls per number.', 429);
		if (ongoing.some((call) => call.waId === waId)) throw new GraphError(138003, 'Duplicate call', 'A call with this user is already ongoing.');
		const started = [...calls.calls.values()].filter((call) => call.phoneNumberId === phoneNumberId && call.direction === 'BUSINESS_INITIATED' && call.startedAt > t - DAY_MS);
		if (started.length >= LIMITS.newCallsPerDay) throw new GraphError(138005, 'Call limit reached', 'At most 10,000 business-initiated calls per number per 24 hours.', 429);
		const connectedToday = inWindow(permission.connected, t, DAY_MS);
		if (connectedToday.length >= LIMITS.connectedPerDay) {
			const next = new Date(Math.min(...connectedToday) + DAY_MS).toISOString();
			throw new GraphError(138012, 'Connected calls limit reached', `At most 100 connected calls to this user per 24 hours; the next call is allowed after ${next}.`);
		}
		const call: EmulatedCall = { id: newCallId(), phoneNumberId, waId, direction: 'BUSINESS_INITIATED', state: 'ringing', offer, answer: metaSdp('answer'), tracking, startedAt: t };
		calls.calls.set(call.id, call);
		const events = [[connectEvent(call)], [statusEvent(call, 'RINGING')]];
		// The emulated user picks up, declines or lets it ring, as calls.userResponse says.
		if (calls.userResponse === 'accept') {
			connected(call);
			events.push([statusEvent(call, 'ACCEPTED')]);
		} else if (calls.userResponse === 'reject') {
			events.push([statusEvent(call, 'REJECTED')]);
			call.state = 'ended';
			call.endedAt = t;
			call.status = 'FAILED';
			events.push([terminateEvent(call)]);
		}
		emulator.webhooks.sendSequenceAfterAnswer(events);
		return { messaging_product: 'whatsapp', calls: [{ id: call.id }] };
	}

	function existingCall(phoneNumberId: string, body: Json): EmulatedCall {
		const id = body.call_id;
		if (typeof id !== 'string' || !id) throw invalidParameter('The parameter call_id is required.');
		const call = calls.calls.get(id);
		if (!call || call.phoneNumberId !== phoneNumberId) throw invalidParameter(`Invalid call_id: no call ${id} on this phone number.`);
		if (call.state === 'ended') throw invalidParameter(`Call ${id} has already ${call.status === 'COMPLETED' ? 'completed' : 'failed'}.`);
		return call;
	}

	function incomingOnly(call: EmulatedCall, action: string) {
		if (call.direction !== 'USER_INITIATED') throw invalidParameter(`Action ${action} applies only to user-initiated calls.`);
		if (call.state === 'accepted') throw invalidParameter(`Call ${call.id} is already in progress.`);
	}

	function answer(phoneNumberId: string, body: Json, action: 'pre_accept' | 'accept') {
		const call = existingCall(phoneNumberId, body);
		incomingOnly(call, action);
		const sdp = checkSdp(body.session, 'answer', calls.calling(phoneNumberId).srtp_key_exchange_protocol === 'SDES');
		if (action === 'pre_accept') {
			if (call.state === 'pre_accepted') throw invalidParameter(`Call ${call.id} was already pre-accepted.`);
			call.state = 'pre_accepted';
			call.answer = sdp;
			return;
		}
		if (call.answer !== undefined && call.answer !== sdp) throw invalidParameter('SDP Validation error: the accept SDP must be the same as the pre_accept SDP.');
		call.tracking = checkTracking(body) ?? call.tracking;
		checkCapture(body, 'recording');
		checkCapture(body, 'transcription');
		call.answer = sdp;
		connected(call);
	}

	emulator.route('POST', /^\/(\d+)\/calls$/, ([, id], req) => {
		emulator.phoneNumber(id);
		const body = req.body;
		if (!isObject(body) || body.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
		const action = body.action;
		if (typeof action !== 'string' || !ACTIONS.includes(action)) throw invalidParameter(`Param action must be one of {${ACTIONS.join(', ')}}.`);
		if (sipOf(id).status === 'ENABLED') throw new GraphError(131055, 'Method not allowed', 'SIP is enabled for this phone number: use your SIP server for calls.');
		if (action === 'connect') return connect(id, body);
		if (action === 'reject' || action === 'terminate') {
			if (body.session !== undefined) throw invalidParameter(`Param session is not allowed for action ${action}.`);
			const call = existingCall(id, body);
			if (action === 'reject') incomingOnly(call, action);
			end(call);
		} else answer(id, body, action as 'pre_accept' | 'accept');
		return { messaging_product: 'whatsapp', success: true };
	});

	// --- control: acting as the user ---------------------------------------------------------

	const bodyOf = (req: { body: unknown }) => (isObject(req.body) ? req.body : {});
	const numberOf = (body: Json) => {
		const id = typeof body.phone_number_id === 'string' ? body.phone_number_id : [...state.phoneNumbers.keys()][0];
		emulator.phoneNumber(id);
		return id;
	};

	/** `{phone_number_id?, from, cta_payload?, deeplink_payload?}`: a user calls; answers the call id and Meta's SDP offer. */
	emulator.controlRoute('POST', /^\/__emulator\/calls\/incoming$/, async (_match, req) => {
		const body = bodyOf(req);
		const phoneNumberId = numberOf(body);
		if (calls.calling(phoneNumberId).status !== 'ENABLED') throw new GraphError(138000, 'Calling not enabled', 'Users cannot call a number whose calling is disabled.', 401);
		const waId = waIdOf(body.from, 'from');
		if (calls.ongoing(phoneNumberId).some((call) => call.waId === waId)) throw new GraphError(138003, 'Duplicate call', 'A call with this user is already ongoing.');
		const call: EmulatedCall = {
			id: newCallId(),
			phoneNumberId,
			waId,
			direction: 'USER_INITIATED',
			state: 'ringing',
			offer: metaSdp('offer'),
			startedAt: now(),
			...(typeof body.cta_payload === 'string' ? { ctaPayload: body.cta_payload } : {}),
			...(typeof body.deeplink_payload === 'string' ? { deeplinkPayload: body.deeplink_payload } : {}),
		};
		calls.calls.set(call.id, call);
		const event = sipOf(phoneNumberId).status === 'ENABLED' ? 'call_created' : 'connect';
		if (webhooksAllowed(call, event) && emulator.webhooks.target) await emulator.webhooks.send([connectEvent(call, event)]);
		return { call_id: call.id, sdp: call.offer };
	});

	/** The user hangs up (or stops ringing): terminate webhook. */
	emulator.controlRoute('POST', /^\/__emulator\/calls\/([^/]+)\/hangup$/, async ([, id]) => {
		const call = calls.calls.get(decodeURIComponent(id));
		if (!call || call.state === 'ended') throw invalidParameter(`No ongoing call ${id}.`);
		end(call);
		await emulator.webhooks.idle();
		return { success: true, status: call.status };
	});

	/** `{phone_number_id?, from, response: accept|reject, permanent?}`: the user answers the latest permission request. */
	emulator.controlRoute('POST', /^\/__emulator\/call-permissions\/reply$/, async (_match, req) => {
		const body = bodyOf(req);
		const phoneNumberId = numberOf(body);
		const waId = waIdOf(body.from, 'from');
		if (body.response !== 'accept' && body.response !== 'reject') throw invalidParameter('Param response must be accept or reject.');
		const request = [...state.messages]
			.reverse()
			.find((m) => m.phoneNumberId === phoneNumberId && m.to === waId && (m.body.interactive as Json | undefined)?.type === 'call_permission_request');
		if (!request) throw invalidParameter(`No call permission request was sent to ${waId}.`);
		const permanent = body.response === 'accept' && body.permanent === true;
		const permission: CallPermission = calls.permission(phoneNumberId, waId, now());
		permission.status = body.response === 'reject' ? 'no_permission' : permanent ? 'permanent' : 'temporary';
		permission.expiresAt = permission.status === 'temporary' ? now() + PERMISSION_DAYS * DAY_MS : undefined;
		const reply = {
			response: body.response,
			is_permanent: permanent,
			...(permission.expiresAt ? { expiration_timestamp: seconds(permission.expiresAt) } : {}),
			response_source: 'user_action',
		};
		if (emulator.webhooks.target) {
			await emulator.webhooks.send([
				emulator.webhooks.inbound([{ from: waId, phoneNumberId, type: 'interactive', content: { type: 'call_permission_reply', call_permission_reply: reply }, replyTo: request.id }]),
			]);
		}
		return { success: true, permission: { status: permission.status, ...(permission.expiresAt ? { expiration_time: Math.floor(permission.expiresAt / 1000) } : {}) } };
	});
}

/**
 * Before an interactive call_permission_request is accepted (§13.4): availability, a permanent
 * permission (138017), 1 per 24 h and 2 per 7 days (138009). Then `recordPermissionRequest`.
 */
export function checkPermissionRequest(emulator: GraphEmulator, phoneNumberId: string, waId: string) {
	const number = emulator.phoneNumber(phoneNumberId);
	checkOutboundCountry(number.display_phone_number);
	const now = emulator.clock.now();
	const permission = emulator.state.calls.permission(phoneNumberId, waId, now);
	if (permission.status === 'permanent') throw new GraphError(138017, 'Permanent permission exists', 'The user already granted a permanent call permission; no request is needed.');
	if (inWindow(permission.requests, now, DAY_MS).length >= LIMITS.requestsPerDay || inWindow(permission.requests, now, 7 * DAY_MS).length >= LIMITS.requestsPerWeek)
		throw new GraphError(138009, 'Call permission request limit reached', 'At most 1 call permission request per user per 24 hours and 2 per 7 days.');
}

export function recordPermissionRequest(emulator: GraphEmulator, phoneNumberId: string, waId: string) {
	emulator.state.calls.permission(phoneNumberId, waId, emulator.clock.now()).requests.push(emulator.clock.now());
}
