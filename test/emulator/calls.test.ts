import { beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../emulator/calls';
import { useCallbackCapture, SDP_ANSWER, SDP_OFFER } from './callbackCapture';
import { call, PHONE_ID, useEmulator } from './testClient';

const handle = useEmulator();
const hook = useCallbackCapture();
const USER = '16505551234';
const V = '/v24.0';

beforeEach(() => {
	handle.emulator.options.callbackUrl = hook.url;
});

const control = async (path: string, body: unknown) => {
	const response = await fetch(`${handle.emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as any };
};
const settle = () => handle.emulator.webhooks.idle();
const settings = (calling: unknown) => call(handle.emulator, 'POST', `${V}/${PHONE_ID}/settings`, { calling });
const calls = (body: Record<string, unknown>) => call(handle.emulator, 'POST', `${V}/${PHONE_ID}/calls`, { messaging_product: 'whatsapp', ...body });
const permissionRequest = (extra: Record<string, unknown> = {}) =>
	call(handle.emulator, 'POST', `${V}/${PHONE_ID}/messages`, {
		messaging_product: 'whatsapp',
		to: USER,
		type: 'interactive',
		interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, ...extra },
	});
const permission = (user = USER) => call(handle.emulator, 'GET', `${V}/${PHONE_ID}/call_permissions?user_wa_id=${user}`);
const callEvents = () => hook.changes().filter((c) => c.field === 'calls').map((c) => c.value);

async function enableAndGrant() {
	expect((await settings({ status: 'ENABLED' })).status).toBe(200);
	expect((await permissionRequest()).status).toBe(200);
	expect((await control('call-permissions/reply', { from: USER, response: 'accept' })).status).toBe(200);
	await settle();
	hook.bodies = [];
}

function expectError(response: { status: number; body: any }, code: number, status = 400, details?: string) {
	expect(response.status).toBe(status);
	expect(response.body.error).toMatchObject({ code, type: 'OAuthException' });
	expect(response.body.error.fbtrace_id).toEqual(expect.any(String));
	if (details) expect(response.body.error.error_data.details).toContain(details);
}

describe('emulator: call settings', () => {
	it('starts with calling disabled, enables it and posts account_settings_update', async () => {
		expect((await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/settings`)).body.calling).toMatchObject({ status: 'DISABLED', call_icon_visibility: 'DEFAULT' });
		const response = await settings({ status: 'ENABLED', callback_permission_status: 'ENABLED', call_icons: { restrict_to_user_countries: ['US', 'BR'] } });
		expect(response).toMatchObject({ status: 200, body: { success: true } });
		expect((await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/settings`)).body.calling).toMatchObject({
			status: 'ENABLED',
			callback_permission_status: 'ENABLED',
			call_icons: { restrict_to_user_countries: ['US', 'BR'] },
		});
		await settle();
		const [change] = hook.changes();
		expect(change.field).toBe('account_settings_update');
		expect(change.value).toMatchObject({
			messaging_product: 'whatsapp',
			type: 'phone_number_settings',
			timestamp: expect.stringMatching(/^\d+$/),
			phone_number_settings: { phone_number_id: PHONE_ID, calling: { status: 'ENABLED', callback_permission_status: 'ENABLED', call_icon_visibility: 'DEFAULT' } },
		});
	});

	it('refuses to enable calling without a calls subscriber or SIP (138018), or below a 2K messaging limit (138015)', async () => {
		handle.emulator.options.callbackUrl = undefined;
		expectError(await settings({ status: 'ENABLED' }), 138018);
		expect((await settings({ status: 'ENABLED', sip: { status: 'ENABLED', servers: [{ hostname: 'sip.example.com', port: 5061 }] } })).status).toBe(200);
		handle.emulator.options.callbackUrl = hook.url;
		handle.emulator.state.phoneNumbers.get(PHONE_ID)!.whatsapp_business_manager_messaging_limit = 'TIER_250';
		expectError(await settings({ status: 'ENABLED' }), 138015);
	});

	const hours = (extra: Record<string, unknown>) => ({
		status: 'ENABLED',
		timezone_id: 'America/Manaus',
		weekly_operating_hours: [{ day_of_week: 'MONDAY', open_time: '0900', close_time: '1700' }],
		...extra,
	});
	const monday = (open: string, close: string) => ({ day_of_week: 'MONDAY', open_time: open, close_time: close });
	it.each([
		['an unknown key', { colour: 'red' }, 'calling.colour is not a known field'],
		['a bad status', { status: 'ON' }, 'calling.status must be one of {ENABLED, DISABLED}'],
		['call hours without a time zone', { call_hours: hours({ timezone_id: undefined }) }, 'timezone_id must be a valid time zone'],
		['an unknown time zone', { call_hours: hours({ timezone_id: 'Mars/Olympus' }) }, 'timezone_id must be a valid time zone'],
		['empty weekly hours', { call_hours: hours({ weekly_operating_hours: [] }) }, 'weekly_operating_hours must not be empty'],
		['a bad day', { call_hours: hours({ weekly_operating_hours: [{ day_of_week: 'MON', open_time: '0900', close_time: '1700' }] }) }, 'day_of_week must be one of'],
		['a time not HHMM', { call_hours: hours({ weekly_operating_hours: [monday('9:00', '1700')] }) }, 'open_time must be a time as HHMM'],
		['closing before opening', { call_hours: hours({ weekly_operating_hours: [monday('1700', '0900')] }) }, 'must open before it closes'],
		['three ranges a day', { call_hours: hours({ weekly_operating_hours: [monday('0800', '0900'), monday('1000', '1100'), monday('1200', '1300')] }) }, 'at most 2 per day'],
		['overlapping ranges', { call_hours: hours({ weekly_operating_hours: [monday('0800', '1200'), monday('1100', '1300')] }) }, 'overlapping entries for MONDAY'],
		['a past holiday', { call_hours: hours({ holiday_schedule: [{ date: '2020-01-01', start_time: '0000', end_time: '2359' }] }) }, 'must not be in the past'],
		['a bad holiday date', { call_hours: hours({ holiday_schedule: [{ date: '01/01/2099', start_time: '0000', end_time: '2359' }] }) }, 'date must be a date as YYYY-MM-DD'],
		['21 holidays', { call_hours: hours({ holiday_schedule: Array.from({ length: 21 }, (_, i) => ({ date: `2099-01-${String(i + 1).padStart(2, '0')}`, start_time: '0000', end_time: '2359' })) }) }, 'at most 20 entries'],
		['voicemail without triggers', { status: 'ENABLED', voicemail: { status: 'ENABLED', triggers: [] } }, 'needs at least one trigger'],
		['a TIMEOUT trigger without timeout', { status: 'ENABLED', voicemail: { status: 'ENABLED', triggers: ['TIMEOUT'] } }, 'timeout_seconds is required'],
		['a voicemail timeout of 31 s', { status: 'ENABLED', voicemail: { status: 'ENABLED', triggers: ['TIMEOUT'], audio: { default: { timeout_seconds: 31 } } } }, 'from 0 to 30'],
		['an unknown trigger', { voicemail: { status: 'ENABLED', triggers: ['BUSY'] } }, 'only REJECT and TIMEOUT'],
		['two SIP servers', { sip: { status: 'ENABLED', servers: [{ hostname: 'a.example.com' }, { hostname: 'b.example.com' }] } }, 'at most 1 entries'],
		['a long SIP URI parameter', { sip: { status: 'ENABLED', servers: [{ hostname: 'a.example.com', request_uri_user_params: { tgrp: 'x'.repeat(129) } }] } }, 'at most 128 characters'],
		['an unknown codec', { audio: { additional_codecs: ['G729'] } }, 'only PCMA and PCMU'],
	])('answers 100 with details for %s', async (_name, calling, details) => {
		expectError(await settings(calling), 100, 400, details);
	});

	it('accepts voicemail with calling enabled, and refuses it while calling is off', async () => {
		const voicemail = { status: 'ENABLED', triggers: ['REJECT', 'TIMEOUT'], audio: { default: { timeout_seconds: 20 } } };
		expectError(await settings({ voicemail }), 100, 400, 'voicemail needs calling to be enabled');
		expect((await settings({ status: 'ENABLED', voicemail })).status).toBe(200);
	});

	it('adds app_id to SIP servers, and the SIP password only when asked for', async () => {
		await settings({ sip: { status: 'DISABLED', servers: [{ hostname: 'sip.example.com', port: 5061, request_uri_user_params: { tgrp: 'wacall' } }] } });
		const plain = await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/settings`);
		expect(plain.body.calling.sip.servers[0]).toEqual({ hostname: 'sip.example.com', port: 5061, request_uri_user_params: { tgrp: 'wacall' }, app_id: expect.any(Number) });
		const secret = await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/settings?include_sip_credentials=true`);
		expect(secret.body.calling.sip.servers[0].sip_user_password).toBe('emulated-sip-password');
	});
});

describe('emulator: call permissions', () => {
	it('shows no permission and the quota of a new user; asks for user_wa_id', async () => {
		const response = await permission();
		expect(response.body).toEqual({
			messaging_product: 'whatsapp',
			permission: { status: 'no_permission' },
			actions: [
				{
					action_name: 'send_call_permission_request',
					can_perform_action: true,
					limits: [
						{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 },
						{ time_period: 'P7D', max_allowed: 2, current_usage: 0 },
					],
				},
				{ action_name: 'start_call', can_perform_action: false, limits: [{ time_period: 'PT24H', max_allowed: 100, current_usage: 0 }] },
			],
		});
		expectError(await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/call_permissions`), 100, 400, 'user_wa_id is required');
	});

	it('answers 613 (HTTP 429) past 100 lookups per second', async () => {
		handle.emulator.state.calls.lookups.set(PHONE_ID, Array.from({ length: 100 }, () => handle.emulator.clock.now()));
		expectError(await permission(), 613, 429);
		handle.emulator.advanceClock(1001);
		expect((await permission()).status).toBe(200);
	});

	it('takes a request without header or footer, then limits to 1 per 24 h and 2 per 7 days (138009)', async () => {
		expectError(await permissionRequest({ header: { type: 'text', text: 'Hi' } }), 100, 400, 'header is not supported');
		expectError(await permissionRequest({ footer: { text: 'Bye' } }), 100, 400, 'footer is not supported');
		expectError(await permissionRequest({ body: { text: 'x'.repeat(1025) } }), 100, 400, 'at most 1024');
		expect((await permissionRequest({ body: { text: 'May we call you?' } })).body.messages[0].id).toMatch(/^wamid\./);
		expectError(await permissionRequest(), 138009);
		handle.emulator.advanceClock(DAY_MS + 1000);
		expect((await permissionRequest()).status).toBe(200);
		handle.emulator.advanceClock(DAY_MS + 1000);
		expectError(await permissionRequest(), 138009);
		const limits = (await permission()).body.actions[0];
		expect(limits.can_perform_action).toBe(false);
		expect(limits.limits[1]).toMatchObject({ time_period: 'P7D', current_usage: 2, limit_expiration_time: expect.any(Number) });
	});

	it('posts the user\'s reply on messages with context.id = the request, and grants a 7-day permission', async () => {
		const request = await permissionRequest();
		const reply = await control('call-permissions/reply', { from: USER, response: 'accept' });
		expect(reply.body.permission.status).toBe('temporary');
		const [change] = hook.changes().filter((c) => c.field === 'messages' && c.value.messages);
		const message = change.value.messages[0];
		expect(message).toMatchObject({
			from: USER,
			type: 'interactive',
			context: { id: request.body.messages[0].id },
			interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: false, response_source: 'user_action', expiration_timestamp: expect.stringMatching(/^\d+$/) } },
		});
		const state = (await permission()).body;
		expect(state.permission.status).toBe('temporary');
		expect(state.permission.expiration_time * 1000 - handle.emulator.clock.now()).toBeGreaterThan(7 * DAY_MS - 5000);
		expect(state.actions[1].can_perform_action).toBe(true);
		handle.emulator.advanceClock(7 * DAY_MS + 1000);
		expect((await permission()).body.permission).toEqual({ status: 'no_permission' });
	});

	it('refuses a request while a permanent permission exists (138017), and a reply without a request', async () => {
		expectError(await control('call-permissions/reply', { from: USER, response: 'accept' }), 100, 400, 'No call permission request');
		await permissionRequest();
		await control('call-permissions/reply', { from: USER, response: 'accept', permanent: true });
		expect((await permission()).body.permission).toEqual({ status: 'permanent' });
		handle.emulator.advanceClock(8 * DAY_MS);
		expectError(await permissionRequest(), 138017);
	});

	it('refuses requests from numbers of countries without business-initiated calling (138013)', async () => {
		handle.emulator.state.addPhoneNumber({ id: '106540352242999', display_phone_number: '201001234567', verified_name: 'Cairo' });
		const response = await call(handle.emulator, 'POST', `${V}/106540352242999/messages`, {
			messaging_product: 'whatsapp',
			to: USER,
			type: 'interactive',
			interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' } },
		});
		expectError(response, 138013);
	});
});

describe('emulator: business-initiated calls', () => {
	it('needs calling enabled (138000) and a permission (138006)', async () => {
		expectError(await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } }), 138000, 401);
		await settings({ status: 'ENABLED' });
		expectError(await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } }), 138006, 401);
	});

	it('connects, posts connect with Meta\'s SDP answer, RINGING and ACCEPTED, then terminate with the duration', async () => {
		await enableAndGrant();
		const response = await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER }, biz_opaque_callback_data: 'ticket-1' });
		expect(response.body).toEqual({ messaging_product: 'whatsapp', calls: [{ id: expect.stringMatching(/^wacid\./) }] });
		const id = response.body.calls[0].id;
		await settle();
		const [connect, ringing, accepted] = callEvents();
		expect(connect).toMatchObject({
			metadata: { phone_number_id: PHONE_ID, display_phone_number: '15550783881' },
			contacts: [{ wa_id: USER }],
			calls: [{ id, from: '15550783881', to: USER, event: 'connect', direction: 'BUSINESS_INITIATED', session: { sdp_type: 'answer', sdp: expect.stringMatching(/^v=0\r\n.*a=ice-lite\r\n/s) } }],
		});
		expect(ringing.statuses[0]).toMatchObject({ id, type: 'call', status: 'RINGING', recipient_id: USER, biz_opaque_callback_data: 'ticket-1' });
		expect(accepted.statuses[0]).toMatchObject({ id, status: 'ACCEPTED' });
		expectError(await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } }), 138003);
		handle.emulator.advanceClock(30_000);
		expect((await calls({ call_id: id, action: 'terminate' })).body).toEqual({ messaging_product: 'whatsapp', success: true });
		await settle();
		const terminate = callEvents().at(-1)!.calls[0];
		expect(terminate).toMatchObject({ id, event: 'terminate', direction: 'BUSINESS_INITIATED', status: 'COMPLETED', duration: 30, biz_opaque_callback_data: 'ticket-1' });
		expect(Number(terminate.end_time) - Number(terminate.start_time)).toBe(30);
		expectError(await calls({ call_id: id, action: 'terminate' }), 100, 400, 'already completed');
		expect((await permission()).body.actions[1].limits[0].current_usage).toBe(1);
	});

	it('posts REJECTED and a failed terminate when the user declines', async () => {
		await enableAndGrant();
		handle.emulator.state.calls.userResponse = 'reject';
		const id = (await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } })).body.calls[0].id;
		await settle();
		const events = callEvents();
		expect(events.map((e) => e.statuses?.[0].status ?? e.calls[0].event)).toEqual(['connect', 'RINGING', 'REJECTED', 'terminate']);
		expect(events[3].calls[0]).toMatchObject({ id, status: 'FAILED' });
		expect(events[3].calls[0].duration).toBeUndefined();
	});

	it.each([
		['bare \\n line ends', SDP_OFFER.replace(/\r\n/g, '\n'), 'every line must end in \\r\\n'],
		['no v=0 first', SDP_OFFER.replace('v=0\r\n', ''), 'must start with the line v=0'],
		['no fingerprint', SDP_OFFER.replace(/a=fingerprint:[^\r]*\r\n/, ''), 'No fingerprint found in SDP'],
		['a video stream too', SDP_OFFER + 'm=video 9 UDP/TLS/RTP/SAVPF 96\r\n', 'exactly one audio stream'],
	])('refuses an SDP with %s (100, SDP validation details)', async (_name, sdp, details) => {
		await enableAndGrant();
		expectError(await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp } }), 100, 400, details);
	});

	it('checks the request fields: action, sdp_type, tracking data and recording', async () => {
		await enableAndGrant();
		const connect = (extra: Record<string, unknown>) => calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER }, ...extra });
		expectError(await calls({ to: USER, action: 'media_update' }), 100, 400, 'action must be one of');
		expectError(await connect({ session: { sdp_type: 'answer', sdp: SDP_OFFER } }), 100, 400, 'sdp_type must be "offer"');
		expectError(await connect({ biz_opaque_callback_data: 'x'.repeat(513) }), 100, 400, 'at most 512');
		expectError(await connect({ recording: { status: 'ENABLED', announcement_language: 'en_US' } }), 100, 400, 'recording.purpose is required');
		expectError(await connect({ transcription: { status: 'ENABLED', purpose: 'x'.repeat(251), announcement_language: 'en_US' } }), 100, 400, 'at most 250');
	});

	it('limits connected calls per user (138012), new calls per number (138005) and concurrent calls (138002)', async () => {
		await enableAndGrant();
		const state = handle.emulator.state.calls;
		const now = handle.emulator.clock.now();
		const connect = () => calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } });
		state.permission(PHONE_ID, USER, now).connected = Array.from({ length: 100 }, () => now - 1000);
		expectError(await connect(), 138012, 400, 'the next call is allowed after');
		state.permission(PHONE_ID, USER, now).connected = [];
		const seed = (n: number, ended: boolean) => {
			for (let i = 0; i < n; i++) {
				const id = `wacid.seed${ended}${i}`;
				state.calls.set(id, { id, phoneNumberId: PHONE_ID, waId: String(4_900_000_000 + i), direction: 'BUSINESS_INITIATED', state: ended ? 'ended' : 'accepted', offer: '', startedAt: now - 1000 });
			}
		};
		seed(1000, false);
		expectError(await connect(), 138002, 429);
		state.calls.clear();
		seed(10_000, true);
		expectError(await connect(), 138005, 429);
	});

	it('refuses call actions on a SIP-enabled number (131055) and for business numbers of restricted countries (138013)', async () => {
		await enableAndGrant();
		handle.emulator.state.addPhoneNumber({ id: '106540352242999', display_phone_number: '14155550100', verified_name: 'US' });
		handle.emulator.state.calls.calling('106540352242999').status = 'ENABLED';
		const us = await call(handle.emulator, 'POST', `${V}/106540352242999/calls`, { messaging_product: 'whatsapp', to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } });
		expectError(us, 138013);
		await settings({ sip: { status: 'ENABLED', servers: [{ hostname: 'sip.example.com' }] } });
		expectError(await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } }), 131055);
	});
});

describe('emulator: user-initiated calls', () => {
	it('posts connect with Meta\'s offer; pre_accept and accept need the same SDP answer', async () => {
		await settings({ status: 'ENABLED' });
		await settle();
		hook.bodies = [];
		const incoming = await control('calls/incoming', { from: USER, cta_payload: 'order-4711' });
		const id = incoming.body.call_id;
		expect(id).toMatch(/^wacid\./);
		expect(callEvents()[0].calls[0]).toMatchObject({
			id,
			from: USER,
			to: '15550783881',
			event: 'connect',
			direction: 'USER_INITIATED',
			cta_payload: 'order-4711',
			session: { sdp_type: 'offer', sdp: incoming.body.sdp },
		});
		expectError(await calls({ call_id: id, action: 'pre_accept', session: { sdp_type: 'offer', sdp: SDP_ANSWER } }), 100, 400, 'sdp_type must be "answer"');
		expect((await calls({ call_id: id, action: 'pre_accept', session: { sdp_type: 'answer', sdp: SDP_ANSWER } })).body).toEqual({ messaging_product: 'whatsapp', success: true });
		const other = SDP_ANSWER.replace('a=ice-ufrag:abcd', 'a=ice-ufrag:efgh');
		expectError(await calls({ call_id: id, action: 'accept', session: { sdp_type: 'answer', sdp: other } }), 100, 400, 'same as the pre_accept SDP');
		expect((await calls({ call_id: id, action: 'accept', session: { sdp_type: 'answer', sdp: SDP_ANSWER } })).status).toBe(200);
		expectError(await calls({ call_id: id, action: 'reject' }), 100, 400, 'already in progress');
		handle.emulator.advanceClock(12_000);
		expect((await control(`calls/${id}/hangup`, {})).body).toEqual({ success: true, status: 'COMPLETED' });
		expect(callEvents().at(-1)!.calls[0]).toMatchObject({ id, event: 'terminate', direction: 'USER_INITIATED', status: 'COMPLETED', duration: 12, cta_payload: 'order-4711' });
	});

	it('rejects an incoming call with a terminate webhook and no duration; unknown call ids are 100', async () => {
		await settings({ status: 'ENABLED' });
		const id = (await control('calls/incoming', { from: USER })).body.call_id;
		expect((await calls({ call_id: id, action: 'reject' })).status).toBe(200);
		await settle();
		const terminate = callEvents().at(-1)!.calls[0];
		expect(terminate).toMatchObject({ id, event: 'terminate', status: 'FAILED', from: USER });
		expect(terminate.duration).toBeUndefined();
		expectError(await calls({ call_id: 'wacid.nosuchcall', action: 'reject' }), 100, 400, 'Invalid call_id');
		expectError(await calls({ action: 'terminate' }), 100, 400, 'call_id is required');
	});

	it('sends only call_created for SIP numbers with webhook delivery, and nothing without it', async () => {
		await settings({ status: 'ENABLED', sip: { status: 'ENABLED', webhook_delivery: 'ENABLED', servers: [{ hostname: 'sip.example.com' }] } });
		await settle();
		hook.bodies = [];
		const id = (await control('calls/incoming', { from: USER })).body.call_id;
		expect(callEvents()[0].calls[0]).toMatchObject({ id, event: 'call_created' });
		expect(callEvents()[0].calls[0].session).toBeUndefined();
		await settings({ sip: { status: 'ENABLED', webhook_delivery: 'DISABLED' } });
		await settle();
		hook.bodies = [];
		await control('calls/incoming', { from: '16505550000' });
		expect(callEvents()).toEqual([]);
	});
});

describe('emulator: call_analytics', () => {
	const analytics = (fields: string) => call(handle.emulator, 'GET', `${V}/102290129340398?fields=${encodeURIComponent(fields)}`);

	it('counts the calls it saw, with the cost of business-initiated pulses and the average duration', async () => {
		await enableAndGrant();
		const id = (await calls({ to: USER, action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER } })).body.calls[0].id;
		handle.emulator.advanceClock(56_000);
		await calls({ call_id: id, action: 'terminate' });
		const incoming = (await control('calls/incoming', { from: '5511987654321' })).body.call_id;
		await calls({ call_id: incoming, action: 'reject' });
		const start = Math.floor(handle.emulator.clock.now() / 1000) - 2 * 86_400;
		const end = start + 4 * 86_400;
		const all = await analytics(`call_analytics.start(${start}).end(${end}).granularity(MONTHLY)`);
		const totals = all.body.call_analytics.data_points.reduce((sum: any, p: any) => ({ count: sum.count + p.count, cost: sum.cost + p.cost }), { count: 0, cost: 0 });
		// 56 s = 10 pulses of 6 s at the emulated 0.0015 per pulse.
		expect(totals).toEqual({ count: 2, cost: 0.015 });
		const byDirection = await analytics(`call_analytics.start(${start}).end(${end}).granularity(MONTHLY).dimensions([DIRECTION]).metric_types([COUNT,AVERAGE_DURATION])`);
		const points = byDirection.body.call_analytics.data_points;
		expect(points.find((p: any) => p.direction === 'BUSINESS_INITIATED')).toMatchObject({ count: 1, average_duration: 56 });
		expect(points.find((p: any) => p.direction === 'USER_INITIATED')).toMatchObject({ count: 1, average_duration: 0 });
		expect(points.every((p: any) => p.cost === undefined)).toBe(true);
		const brazil = await analytics(`call_analytics.start(${start}).end(${end}).granularity(MONTHLY).country_codes(["BR"]).directions([USER_INITIATED])`);
		expect(brazil.body.call_analytics).toMatchObject({ granularity: 'MONTHLY', directions: 'USER_INITIATED' });
		expect(brazil.body.call_analytics.data_points.reduce((n: number, p: any) => n + p.count, 0)).toBe(1);
	});

	it('refuses a bad granularity, direction or filter (100)', async () => {
		const start = Math.floor(handle.emulator.clock.now() / 1000) - 86_400;
		expectError(await analytics(`call_analytics.start(${start}).end(${start + 3600}).granularity(DAY)`), 100, 400, 'granularity must be one of');
		expectError(await analytics(`call_analytics.start(${start}).end(${start + 3600}).granularity(DAILY).directions([INBOUND])`), 100, 400, 'directions value INBOUND');
		expectError(await analytics(`call_analytics.start(${start}).end(${start + 3600}).granularity(DAILY).template_ids([1])`), 100, 400, 'template_ids filter is not supported');
	});
});

describe('emulator: call button messages', () => {
	const button = (parameters: Record<string, unknown>) =>
		call(handle.emulator, 'POST', `${V}/${PHONE_ID}/messages`, {
			messaging_product: 'whatsapp',
			to: USER,
			type: 'interactive',
			interactive: { type: 'voice_call', body: { text: 'Call us' }, action: { name: 'voice_call', parameters } },
		});

	it('accepts a voice_call button and refuses a long label, a TTL out of range and a long payload', async () => {
		expect((await button({ display_text: 'Call on WhatsApp', ttl_minutes: 100, payload: 'order-4711' })).status).toBe(200);
		expectError(await button({ display_text: 'x'.repeat(21) }), 100, 400, 'display_text must be at most 20 characters');
		expectError(await button({ ttl_minutes: 43_201 }), 131009, 400, 'between 1 and 43200');
		expectError(await button({ payload: 'x'.repeat(513) }), 100, 400, 'payload must be at most 512 characters');
	});
});
