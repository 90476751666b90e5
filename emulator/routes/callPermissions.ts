import { DAY_MS, PERMISSION_DAYS, type CallPermission } from '../calls';
import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import { CALL_LIMITS, checkOutboundCountry, controlBody, controlNumber, inWindow, waIdOf, type Json } from './callChecks';

/**
 * Call permissions (Meta's Obtain user call permissions page): `GET /{phone-number-id}/call_permissions`,
 * the control route where the user answers a request, and the checks a call_permission_request
 * send passes (called from routes/messages.ts, since the request itself is an interactive message).
 */

export function registerCallPermissions(emulator: GraphEmulator) {
	const { state } = emulator;
	const calls = state.calls;
	const now = () => emulator.clock.now();
	const seconds = (ms = now()) => String(Math.floor(ms / 1000));

	emulator.route('GET', /^\/(\d+)\/call_permissions$/, ([, id], req) => {
		emulator.phoneNumber(id);
		const lookups = inWindow(calls.lookups.get(id) ?? [], now(), 1000);
		if (lookups.length >= CALL_LIMITS.lookupsPerSecond) throw new GraphError(613, 'Calls to this api have exceeded the rate limit.', 'At most 100 call permission lookups per second per number.', 429);
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
					can_perform_action: permission.status !== 'permanent' && day.length < CALL_LIMITS.requestsPerDay && week.length < CALL_LIMITS.requestsPerWeek,
					limits: [
						{ time_period: 'PT24H', max_allowed: CALL_LIMITS.requestsPerDay, current_usage: day.length, ...(day.length >= CALL_LIMITS.requestsPerDay ? until(day, DAY_MS) : {}) },
						{
							time_period: 'P7D',
							max_allowed: CALL_LIMITS.requestsPerWeek,
							current_usage: week.length,
							...(week.length >= CALL_LIMITS.requestsPerWeek ? until(week, 7 * DAY_MS) : {}),
						},
					],
				},
				{
					action_name: 'start_call',
					can_perform_action: permission.status !== 'no_permission' && connectedToday.length < CALL_LIMITS.connectedPerDay,
					limits: [
						{
							time_period: 'PT24H',
							max_allowed: CALL_LIMITS.connectedPerDay,
							current_usage: connectedToday.length,
							...(connectedToday.length >= CALL_LIMITS.connectedPerDay ? until(connectedToday, DAY_MS) : {}),
						},
					],
				},
			],
		};
	});

	/** `{phone_number_id?, from, response: accept|reject, permanent?}`: the user answers the latest permission request. */
	emulator.controlRoute('POST', /^\/__emulator\/call-permissions\/reply$/, async (_match, req) => {
		const body = controlBody(req);
		const phoneNumberId = controlNumber(emulator, body);
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
 * Before an interactive call_permission_request is accepted: availability, a permanent
 * permission (138017), 1 per 24 h and 2 per 7 days (138009). Then `recordPermissionRequest`.
 */
export function checkPermissionRequest(emulator: GraphEmulator, phoneNumberId: string, waId: string) {
	const number = emulator.phoneNumber(phoneNumberId);
	checkOutboundCountry(number.display_phone_number);
	const now = emulator.clock.now();
	const permission = emulator.state.calls.permission(phoneNumberId, waId, now);
	if (permission.status === 'permanent') throw new GraphError(138017, 'Permanent permission exists', 'The user already granted a permanent call permission; no request is needed.');
	if (inWindow(permission.requests, now, DAY_MS).length >= CALL_LIMITS.requestsPerDay || inWindow(permission.requests, now, 7 * DAY_MS).length >= CALL_LIMITS.requestsPerWeek)
		throw new GraphError(138009, 'Call permission request limit reached', 'At most 1 call permission request per user per 24 hours and 2 per 7 days.');
}

export function recordPermissionRequest(emulator: GraphEmulator, phoneNumberId: string, waId: string) {
	emulator.state.calls.permission(phoneNumberId, waId, emulator.clock.now()).requests.push(emulator.clock.now());
}
