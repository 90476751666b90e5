import { beforeEach, describe, expect, it } from 'vitest';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { SDP_ANSWER, SDP_OFFER, useCallbackCapture } from '../emulator/callbackCapture';
import { DAY_MS, failure, graphCalls, PHONE_NUMBER_ID, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const hook = useCallbackCapture();
const emulator = () => handle.emulator;
const USER = '+16505551234';

beforeEach(() => {
	emulator().options.callbackUrl = hook.url;
});

const control = async (path: string, body: unknown) => {
	const response = await fetch(`${emulator().url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return (await response.json()) as any;
};
const lastBody = () => graphCalls(emulator()).at(-1)!.body as any;
const callEvents = () => hook.changes().filter((c) => c.field === 'calls').map((c) => c.value.calls?.[0] ?? c.value.statuses[0]);

async function enableAndGrant() {
	await run('call', 'updateSettings', { status: 'ENABLED' });
	await run('call', 'requestPermission', { to: USER });
	await control('call-permissions/reply', { from: USER, response: 'accept' });
	await emulator().webhooks.idle();
	hook.bodies = [];
	emulator().state.requests.length = 0;
}

/** The run fails with a ValidationError with exactly this message, and nothing reached the emulator. */
async function refused(promise: Promise<unknown>, message: string | RegExp) {
	const error = await failure(promise);
	expect(error).toBeInstanceOf(ValidationError);
	if (typeof message === 'string') expect(error.message).toBe(message);
	else expect(error.message).toMatch(message);
	expect(graphCalls(emulator())).toHaveLength(0);
}

describe('call: settings', () => {
	it('gets the calling settings at the top of the output, and the SIP password only when asked for', async () => {
		expect(await run('call', 'getSettings')).toMatchObject({ status: 'DISABLED', call_icon_visibility: 'DEFAULT', sip: { status: 'DISABLED' } });
		expect(graphCalls(emulator())[0]).toMatchObject({ method: 'GET', path: `/v24.0/${PHONE_NUMBER_ID}/settings`, query: {} });
		await run('call', 'updateSettings', { sip: '{"status": "DISABLED", "servers": [{"hostname": "sip.example.com", "port": 5061}]}' });
		const withSecret = await run('call', 'getSettings', { includeSipCredentials: true });
		expect(graphCalls(emulator()).at(-1)!.query).toEqual({ include_sip_credentials: 'true' });
		expect(withSecret.sip.servers[0]).toMatchObject({ hostname: 'sip.example.com', sip_user_password: 'emulated-sip-password' });
	});

	it('sends only the settings that change and reports the account_settings_update webhook', async () => {
		const callHours = {
			status: 'ENABLED',
			timezone_id: 'America/Manaus',
			weekly_operating_hours: [
				{ day_of_week: 'MONDAY', open_time: '0800', close_time: '1200' },
				{ day_of_week: 'MONDAY', open_time: '1300', close_time: '1700' },
			],
			holiday_schedule: [{ date: '2099-01-01', start_time: '0000', end_time: '2359' }],
		};
		const output = await run('call', 'updateSettings', {
			status: 'ENABLED',
			callIconVisibility: 'DISABLE_ALL',
			restrictToUserCountries: 'us, br',
			callHours: JSON.stringify(callHours),
			additionalCodecs: 'none',
			srtpKeyExchangeProtocol: '',
		});
		expect(output).toEqual({ success: true, updated: true });
		expect(lastBody()).toEqual({
			calling: { status: 'ENABLED', call_icon_visibility: 'DISABLE_ALL', call_icons: { restrict_to_user_countries: ['US', 'BR'] }, call_hours: callHours, audio: { additional_codecs: [] } },
		});
		await emulator().webhooks.idle();
		expect(hook.changes()[0]).toMatchObject({ field: 'account_settings_update', value: { phone_number_settings: { phone_number_id: PHONE_NUMBER_ID, calling: { status: 'ENABLED', call_icon_visibility: 'DISABLE_ALL' } } } });
		expect(await run('call', 'getSettings')).toMatchObject({ status: 'ENABLED', call_hours: callHours });
	});

	const hours = (extra: Record<string, unknown>) =>
		JSON.stringify({ status: 'ENABLED', timezone_id: 'Europe/Berlin', weekly_operating_hours: [{ day_of_week: 'MONDAY', open_time: '0900', close_time: '1700' }], ...extra });
	const monday = (open: string, close: string) => ({ day_of_week: 'MONDAY', open_time: open, close_time: close });
	it.each([
		['nothing to change', {}, 'Invalid Calling settings: need at least one setting to change'],
		['a bad status', { status: 'ON' }, 'Invalid Calling (status): must be one of ENABLED, DISABLED'],
		['call hours that are not JSON', { callHours: '{status: ENABLED' }, /^Invalid Call Hours \(callHours\): is not valid JSON/],
		['an unknown time zone', { callHours: hours({ timezone_id: 'Mars/Olympus' }) }, 'Invalid Call Hours (callHours) (timezone_id): "Mars/Olympus" is not a time zone: use an IANA name such as America/Manaus'],
		['no weekly hours', { callHours: hours({ weekly_operating_hours: [] }) }, 'Invalid Call Hours (callHours) (weekly_operating_hours): needs at least one entry'],
		['a time that is not HHMM', { callHours: hours({ weekly_operating_hours: [monday('900', '1700')] }) }, 'Invalid Call Hours (callHours) (weekly_operating_hours.0.open_time): must be a time as "HHMM" (0000 to 2359)'],
		['closing before opening', { callHours: hours({ weekly_operating_hours: [monday('1700', '0900')] }) }, 'Invalid Call Hours (callHours) (weekly_operating_hours.0.close_time): must be after open_time (1700), got 0900'],
		['three ranges on a day', { callHours: hours({ weekly_operating_hours: [monday('0800', '0900'), monday('1000', '1100'), monday('1200', '1300')] }) }, 'Invalid Call Hours (callHours) (weekly_operating_hours): may hold at most 2 ranges per day, got 3 for MONDAY'],
		['overlapping ranges', { callHours: hours({ weekly_operating_hours: [monday('0800', '1200'), monday('1100', '1300')] }) }, 'Invalid Call Hours (callHours) (weekly_operating_hours.1): overlaps MONDAY 0800-1200'],
		['21 holidays', { callHours: hours({ holiday_schedule: Array.from({ length: 21 }, (_, i) => ({ date: `2099-01-${String(i + 1).padStart(2, '0')}`, start_time: '0000', end_time: '2359' })) }) }, 'Invalid Call Hours (callHours) (holiday_schedule): may hold at most 20 holidays'],
		['a holiday date that does not exist', { callHours: hours({ holiday_schedule: [{ date: '2099-02-30', start_time: '0000', end_time: '2359' }] }) }, 'Invalid Call Hours (callHours) (holiday_schedule.0.date): must be a date as "YYYY-MM-DD"'],
		['voicemail enabled without triggers', { voicemail: '{"status": "ENABLED"}' }, 'Invalid Voicemail (voicemail) (triggers): needs REJECT, TIMEOUT or both when voicemail is ENABLED'],
		['a TIMEOUT trigger without a timeout', { voicemail: '{"status": "ENABLED", "triggers": ["TIMEOUT"]}' }, 'Invalid Voicemail (voicemail) (audio.default.timeout_seconds): is required with the TIMEOUT trigger (0 to 30 seconds)'],
		['a voicemail timeout of 31 s', { voicemail: '{"status": "ENABLED", "triggers": ["TIMEOUT"], "audio": {"default": {"timeout_seconds": 31}}}' }, 'Invalid Voicemail (voicemail) (audio.default.timeout_seconds): must be 0 to 30 seconds'],
		['two SIP servers', { sip: '{"status": "ENABLED", "servers": [{"hostname": "a.example.com"}, {"hostname": "b.example.com"}]}' }, 'Invalid SIP (sip) (servers): may hold at most 1 server per number, got 2'],
		['a long SIP URI parameter', { sip: JSON.stringify({ status: 'ENABLED', servers: [{ hostname: 'a.example.com', request_uri_user_params: { tgrp: 'x'.repeat(129) } }] }) }, 'Invalid SIP (sip) (servers.0.request_uri_user_params.tgrp): must be at most 128 characters'],
		['a three-letter country', { restrictToUserCountries: 'USA' }, 'Invalid Restrict to User Countries (restrictToUserCountries) (0): "USA" is not a two-letter ISO country code such as US or BR'],
		['an unknown codec', { additionalCodecs: 'G729' }, 'Invalid Additional Codecs (additionalCodecs) (0): must be one of PCMA, PCMU'],
	])('refuses %s before any request', async (_name, values, message) => {
		await refused(run('call', 'updateSettings', values), message);
	});

	it('refuses a holiday before today in the schedule\'s time zone (the emulator\'s clock)', async () => {
		const yesterday = new Date(emulator().clock.now() - 2 * DAY_MS).toISOString().slice(0, 10);
		await refused(
			run('call', 'updateSettings', { callHours: hours({ holiday_schedule: [{ date: yesterday, start_time: '0000', end_time: '2359' }] }) }),
			new RegExp(`^Invalid Call Hours \\(callHours\\) \\(holiday_schedule\\.0\\.date\\): must not be in the past \\(today in Europe/Berlin is \\d{4}-\\d{2}-\\d{2}\\), got ${yesterday}$`),
		);
	});

	it('explains 138018 when calling is enabled without a calls webhook subscriber', async () => {
		emulator().options.callbackUrl = undefined;
		const error = await failure(run('call', 'updateSettings', { status: 'ENABLED' }));
		expect(error).toBeInstanceOf(GraphApiError);
		expect(error.code).toBe(138018);
		expect(error.message).toContain('Subscribe an app to the calls webhook field of the WABA, or configure SIP');
	});
});

describe('call: permissions', () => {
	it('asks for permission with an interactive request, paced as a message', async () => {
		const output = await run('call', 'requestPermission', { to: USER, body: 'May we call you about order ON-12853?' });
		expect(output.messageId).toMatch(/^wamid\./);
		expect(lastBody()).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: USER,
			type: 'interactive',
			interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: { text: 'May we call you about order ON-12853?' } },
		});
		const again = await failure(run('call', 'requestPermission', { to: USER }));
		expect(again).toMatchObject({ code: 138009 });
		expect(again.message).toContain('At most 1 request per user per 24 hours and 2 per 7 days');
	});

	it('refuses a text over 1,024 characters and a bad number before any request', async () => {
		await refused(run('call', 'requestPermission', { to: USER, body: 'x'.repeat(1025) }), 'Invalid Text (body): must be at most 1,024 characters, got 1,025');
		await refused(run('call', 'requestPermission', { to: '0650 555' }), 'Invalid Recipient Phone Number (to): "0650 555" looks like a national number: write it with its country code, e.g. +49 30 1234567');
	});

	it('shows a temporary permission after the user accepts the request', async () => {
		const request = await run('call', 'requestPermission', { to: USER });
		expect((await run('call', 'getPermission', { userWaId: USER })).status).toBe('no_permission');
		await control('call-permissions/reply', { from: USER, response: 'accept' });
		const reply = hook.changes().find((c) => c.value.messages?.[0]?.interactive?.type === 'call_permission_reply')!.value.messages[0];
		expect(reply.context.id).toBe(request.messageId);
		const permission = await run('call', 'getPermission', { userWaId: USER });
		expect(graphCalls(emulator()).at(-1)!.query).toEqual({ user_wa_id: '16505551234' });
		expect(permission).toMatchObject({ status: 'temporary', canCall: true, canRequestPermission: false, permission: { status: 'temporary' } });
		expect(Date.parse(permission.expiresAt) - emulator().clock.now()).toBeGreaterThan(7 * DAY_MS - 5000);
		expect(permission.actions.map((a: any) => a.action_name)).toEqual(['send_call_permission_request', 'start_call']);
	});

	it('reads the other vocabulary of permissions as Meta sends it (granted, "24h")', async () => {
		const op = (await import('../../nodes/shared/catalog')).findOperation('call', 'getPermission')!;
		const shaped = op.output!({ permission: { status: 'granted' }, actions: [{ action_name: 'start_call', can_perform_action: true, limits: [{ time_period: '24h' }] }] }, {});
		expect(shaped).toMatchObject({ status: 'granted', canCall: true, canRequestPermission: false });
	});

	it('turns 613 into a readable, retryable error', async () => {
		emulator().state.calls.lookups.set(PHONE_NUMBER_ID, Array.from({ length: 100 }, () => emulator().clock.now()));
		const error = await failure(run('call', 'getPermission', { userWaId: USER }));
		expect(error).toBeInstanceOf(GraphApiError);
		expect(error).toMatchObject({ code: 613, httpStatus: 429, retry: 'budget' });
		expect(error.message).toContain('call permission lookups: at most 100 per second per number');
	});
});

describe('call: business-initiated calls', () => {
	it('passes the SDP offer with \\r\\n line ends and returns the call id; the connect webhook carries Meta\'s answer', async () => {
		await enableAndGrant();
		const output = await run('call', 'connect', { to: USER, sdp: SDP_OFFER.replace(/\r\n/g, '\n').trimEnd(), trackingData: 'ticket-4711' });
		expect(output).toMatchObject({ callId: expect.stringMatching(/^wacid\./), messaging_product: 'whatsapp' });
		expect(lastBody()).toEqual({ messaging_product: 'whatsapp', to: '16505551234', action: 'connect', session: { sdp_type: 'offer', sdp: SDP_OFFER }, biz_opaque_callback_data: 'ticket-4711' });
		await emulator().webhooks.idle();
		const [connect, ringing, accepted] = callEvents();
		expect(connect).toMatchObject({ id: output.callId, event: 'connect', direction: 'BUSINESS_INITIATED', session: { sdp_type: 'answer', sdp: expect.stringMatching(/^v=0\r\n/) } });
		expect([ringing.status, accepted.status]).toEqual(['RINGING', 'ACCEPTED']);
		expect(await run('call', 'terminate', { callId: output.callId })).toEqual({ success: true, callId: output.callId, action: 'terminate' });
		await emulator().webhooks.idle();
		expect(callEvents().at(-1)).toMatchObject({ id: output.callId, event: 'terminate', status: 'COMPLETED', biz_opaque_callback_data: 'ticket-4711' });
	});

	it('sends recording and transcription settings as given', async () => {
		await enableAndGrant();
		const recording = { status: 'ENABLED', purpose: 'Quality assurance', announcement_language: 'en_US' };
		await run('call', 'connect', { to: USER, sdp: SDP_OFFER, recording: JSON.stringify(recording), transcription: { status: 'DISABLED' } });
		expect(lastBody()).toMatchObject({ recording, transcription: { status: 'DISABLED' } });
	});

	it.each([
		['an SDP that does not start with v=0', { sdp: 'o=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 RTP 111' }, 'Invalid SDP Offer (sdp): must be an SDP starting with the line v=0, got "o=- 1 2 IN IP4 127.0…"'],
		['an SDP without audio', { sdp: 'v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-' }, 'Invalid SDP Offer (sdp): must describe one audio stream (an m=audio line)'],
		['recording without a purpose', { recording: '{"status": "ENABLED", "announcement_language": "en_US"}' }, 'Invalid Recording (recording) (purpose): is required when status is ENABLED'],
		['a purpose over 250 characters', { transcription: JSON.stringify({ status: 'ENABLED', purpose: 'x'.repeat(251), announcement_language: 'en_US' }) }, 'Invalid Transcription (transcription) (purpose): must be at most 250 characters, got 251'],
		['tracking data over 512 characters', { trackingData: 'x'.repeat(513) }, 'Invalid Tracking Data (trackingData): must be at most 512 characters, got 513'],
		['no SDP', { sdp: '' }, 'Invalid SDP Offer (sdp): is required'],
	])('refuses %s before any request', async (_name, values, message) => {
		await refused(run('call', 'connect', { to: USER, sdp: SDP_OFFER, ...values }), message);
	});

	it('explains a call without permission (138006) and on a SIP number (131055)', async () => {
		await run('call', 'updateSettings', { status: 'ENABLED' });
		const noPermission = await failure(run('call', 'connect', { to: USER, sdp: SDP_OFFER }));
		expect(noPermission).toMatchObject({ code: 138006, httpStatus: 401 });
		expect(noPermission.message).toContain('request a permission first (Call > Request Permission)');
		await run('call', 'updateSettings', { sip: '{"status": "ENABLED", "servers": [{"hostname": "sip.example.com"}]}' });
		const sip = await failure(run('call', 'terminate', { callId: 'wacid.ABGGFjFVU2AfAgo6V' }));
		expect(sip).toMatchObject({ code: 131055 });
		expect(sip.message).toContain('SIP is enabled on this number');
	});
});

describe('call: user-initiated calls', () => {
	beforeEach(async () => {
		await run('call', 'updateSettings', { status: 'ENABLED' });
		await emulator().webhooks.idle();
		hook.bodies = [];
		emulator().state.requests.length = 0;
	});

	it('rejects an incoming call; the terminate webhook follows', async () => {
		const { call_id: callId } = await control('calls/incoming', { from: '16505551234' });
		expect(callEvents()[0]).toMatchObject({ id: callId, event: 'connect', direction: 'USER_INITIATED', session: { sdp_type: 'offer' } });
		expect(await run('call', 'reject', { callId })).toEqual({ success: true, callId, action: 'reject' });
		expect(lastBody()).toEqual({ messaging_product: 'whatsapp', call_id: callId, action: 'reject' });
		await emulator().webhooks.idle();
		expect(callEvents().at(-1)).toMatchObject({ id: callId, event: 'terminate', direction: 'USER_INITIATED', status: 'FAILED' });
	});

	it('pre-accepts and accepts with the same SDP answer, then hangs up', async () => {
		const { call_id: callId } = await control('calls/incoming', { from: '16505551234' });
		await run('call', 'preAccept', { callId, sdp: SDP_ANSWER });
		expect(lastBody()).toEqual({ messaging_product: 'whatsapp', call_id: callId, action: 'pre_accept', session: { sdp_type: 'answer', sdp: SDP_ANSWER } });
		const changed = await failure(run('call', 'accept', { callId, sdp: SDP_ANSWER.replace('abcd', 'wxyz') }));
		expect(changed).toMatchObject({ code: 100 });
		expect(changed.message).toContain('the accept SDP must be the same as the pre_accept SDP');
		expect(await run('call', 'accept', { callId, sdp: SDP_ANSWER, trackingData: 'ticket-9' })).toEqual({ success: true, callId, action: 'accept' });
		emulator().clock.advance(45_000);
		await run('call', 'terminate', { callId });
		await emulator().webhooks.idle();
		expect(callEvents().at(-1)).toMatchObject({ id: callId, event: 'terminate', status: 'COMPLETED', duration: 45, biz_opaque_callback_data: 'ticket-9' });
	});

	it('refuses a call id that is not a wacid before any request', async () => {
		await refused(run('call', 'reject', { callId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA' }), 'Invalid Call ID (callId): must be a WhatsApp call ID (wacid.…)');
	});
});

describe('analytics: calls', () => {
	it('reports the calls made, one item per data point, with the filters in the fields', async () => {
		await enableAndGrant();
		const { callId } = await run('call', 'connect', { to: USER, sdp: SDP_OFFER });
		emulator().clock.advance(56_000);
		await run('call', 'terminate', { callId });
		emulator().state.requests.length = 0;
		const day = Math.floor(emulator().clock.now() / DAY_MS) * DAY_MS;
		const points = await run('analytics', 'getCall', {
			start: new Date(day).toISOString(),
			end: new Date(day + DAY_MS).toISOString(),
			granularity: 'DAILY',
			directions: 'business_initiated',
			metricTypes: 'COUNT, COST, AVERAGE_DURATION',
		});
		expect(points).toEqual([{ start: new Date(day).toISOString(), end: new Date(day + DAY_MS).toISOString(), count: 1, cost: 0.015, average_duration: 56 }]);
		const [request] = graphCalls(emulator());
		expect(request.path).toBe(`/v24.0/${WABA_ID}`);
		expect(request.query.fields).toBe(
			`call_analytics.start(${day / 1000}).end(${day / 1000 + 86_400}).granularity(DAILY).directions([BUSINESS_INITIATED]).metric_types([COUNT,COST,AVERAGE_DURATION])`,
		);
	});

	it('refuses an unknown direction and an empty window before any request', async () => {
		const day = Math.floor(emulator().clock.now() / DAY_MS) * DAY_MS;
		const window = { start: new Date(day).toISOString(), end: new Date(day + DAY_MS).toISOString(), granularity: 'DAILY' };
		await refused(run('analytics', 'getCall', { ...window, directions: 'INBOUND' }), 'Invalid Directions (directions) (0): must be one of USER_INITIATED, BUSINESS_INITIATED');
		await refused(run('analytics', 'getCall', { ...window, end: window.start }), /^Invalid End \(end\): must be after Start/);
	});
});
