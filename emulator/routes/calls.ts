import { DAY_MS, newCallId, type EmulatedCall } from '../calls';
import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import { registerCallPermissions } from './callPermissions';
import { registerCallSettings } from './callSettings';
import { callEvents } from './callEvents';
import { CALL_LIMITS, checkCapture, checkOutboundCountry, checkSdp, checkTracking, controlBody, controlNumber, inWindow, isObject, metaSdp, waIdOf, type Json } from './callChecks';

/**
 * The Calling API (Meta's Calling API pages): `POST /{phone-number-id}/calls` (connect, pre_accept,
 * accept, reject, terminate) and the control routes where the user calls or hangs up. Settings,
 * permissions, request checks and webhooks live in routes/callSettings.ts, callPermissions.ts,
 * callChecks.ts and callEvents.ts. Written apart from the package's checks on purpose: it is the
 * oracle the call operations are tested against.
 */

const ACTIONS = ['connect', 'pre_accept', 'accept', 'reject', 'terminate'];

export function registerCalls(emulator: GraphEmulator) {
	const { state } = emulator;
	const calls = state.calls;
	const now = () => emulator.clock.now();
	const display = (id: string) => state.phoneNumbers.get(id)?.display_phone_number ?? '';
	const { connectEvent, statusEvent, terminateEvent, sipOf, webhooksAllowed } = callEvents(emulator);

	// Settings and permissions first, as when they lived in this file: their paths never overlap the ones below.
	registerCallSettings(emulator);
	registerCallPermissions(emulator);

	// --- state changes ---------------------------------------------------------------------

	/** A connected call resets the permission request counters in either direction (Obtain user call permissions). */
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

	// --- POST /{phone-number-id}/calls ----------------------------------------------------

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
		if (ongoing.length >= CALL_LIMITS.concurrent) throw new GraphError(138002, 'Concurrent calls limit reached', 'At most 1,000 concurrent calls per number.', 429);
		if (ongoing.some((call) => call.waId === waId)) throw new GraphError(138003, 'Duplicate call', 'A call with this user is already ongoing.');
		const started = [...calls.calls.values()].filter((call) => call.phoneNumberId === phoneNumberId && call.direction === 'BUSINESS_INITIATED' && call.startedAt > t - DAY_MS);
		if (started.length >= CALL_LIMITS.newCallsPerDay) throw new GraphError(138005, 'Call limit reached', 'At most 10,000 business-initiated calls per number per 24 hours.', 429);
		const connectedToday = inWindow(permission.connected, t, DAY_MS);
		if (connectedToday.length >= CALL_LIMITS.connectedPerDay) {
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

	/** `{phone_number_id?, from, cta_payload?, deeplink_payload?}`: a user calls; answers the call id and Meta's SDP offer. */
	emulator.controlRoute('POST', /^\/__emulator\/calls\/incoming$/, async (_match, req) => {
		const body = controlBody(req);
		const phoneNumberId = controlNumber(emulator, body);
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
}
