import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, matchesFilter, normalise, parseDelivery, WebhookReceiver, type WebhookEvent } from '../../nodes/shared/webhook';

const DIR = join(__dirname, '../fixtures/webhooks');
const SECRET = 'app-secret-0123456789abcdef';
const fixture = (name: string) => readFileSync(join(DIR, `${name}.json`));
const events = (raw: Buffer | string) => normalise(parseDelivery(Buffer.from(raw)));
const only = (raw: Buffer | string) => {
	const all = events(raw);
	expect(all).toHaveLength(1);
	return all[0];
};
const sign = (raw: Uint8Array) => 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
const receiver = (filter = {}) => new WebhookReceiver({ appSecret: SECRET, verifyToken: 'verify', filter, now: () => 1_700_000_000_000 });
/** A delivery of one change, for the variants the fixtures lack. */
const delivery = (field: string, value: object) => JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field, value }] }] });
const metadata = { display_phone_number: '13175551399', phone_number_id: '436666719526789' };
const GROUP = 'Y2FwaV9ncm91cDox…';

describe('call events (calls field)', () => {
	it('a user-initiated connect: the offer SDP, the caller and the call id', () => {
		expect(only(fixture('meta-call-connect-user-initiated'))).toMatchObject({
			kind: 'call_connect',
			field: 'calls',
			phoneNumberId: '436666719526789',
			callId: 'wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh',
			direction: 'USER_INITIATED',
			from: '16315553601',
			contactName: 'Jane',
			sdpType: 'offer',
			sdp: 'v=0\r\n…a=ice-lite\r\n…',
			timestamp: '2022-12-21T17:47:04.000Z',
		});
	});

	it('a business-initiated connect: the answer SDP, and the user is the callee (`to`)', () => {
		const event = only(fixture('pywa-call-connect-business-initiated'));
		expect(event).toMatchObject({ kind: 'call_connect', direction: 'BUSINESS_INITIATED', sdpType: 'answer', sdp: '<<RFC 8866 SDP>>', from: '16315553601' });
		expect(event.messageId).toBeUndefined();
		expect(only(fixture('pywa-call-connect-user-initiated'))).toMatchObject({ direction: 'USER_INITIATED', sdpType: 'offer', from: '972987654321' });
	});

	it('falls back to the legacy connection.webrtc.sdp when there is no session', () => {
		const call = { id: 'wacid.legacy', from: '13175551399', to: '12185552828', event: 'connect', direction: 'BUSINESS_INITIATED', timestamp: '1749197005', connection: { webrtc: { sdp: 'v=0 legacy' } } };
		expect(only(delivery('calls', { messaging_product: 'whatsapp', metadata, calls: [call] }))).toMatchObject({ kind: 'call_connect', sdp: 'v=0 legacy', sdpType: 'answer', from: '12185552828' });
	});

	it('a terminate: status and callStatus in upper case, duration, tracking data, and the errors beside calls[]', () => {
		expect(only(fixture('meta-call-terminate-business-initiated'))).toMatchObject({
			kind: 'call_terminate',
			callId: 'wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA',
			status: 'COMPLETED',
			callStatus: 'COMPLETED',
			duration: 480,
			trackingData: '0fS5cePMok',
			from: '12185552828',
		});
		// pywa's terminate carries value.errors: one event (the call's), not a separate `error` event.
		const failed = only(fixture('pywa-call-terminate'));
		expect(failed).toMatchObject({ kind: 'call_terminate', duration: 120, errors: [{ code: 12455, error_data: { details: 'ERROR_DETAILS' } }] });
		expect(failed.change.value.errors).toEqual([{ code: 12455, message: 'ERROR_TITLE', href: 'ERROR_HREF', error_data: { details: 'ERROR_DETAILS' } }]);
	});

	it('normalises "Failed" and "[FAILED]"-style casing of terminate to upper case', () => {
		const call = { id: 'wacid.f', from: '16315553601', to: '13175551399', event: 'terminate', direction: 'USER_INITIATED', timestamp: 1749197480, status: 'Failed' };
		expect(only(delivery('calls', { metadata, calls: [call] }))).toMatchObject({ status: 'FAILED', callStatus: 'FAILED', timestamp: '2025-06-06T08:11:20.000Z' });
	});

	it('a call status (statuses[] of type call) is kind call_status with the call id and recipient', () => {
		expect(only(fixture('meta-call-status-ringing'))).toMatchObject({
			kind: 'call_status',
			callId: 'wacid.HBgLMTIxODU1NTI4MjgVAgARGCAyODRQIAFRoA',
			status: 'RINGING',
			callStatus: 'RINGING',
			recipientId: '12185552828',
			trackingData: '0fS5cePMok',
		});
		expect(only(fixture('pywa-call-status-ringing'))).toMatchObject({ kind: 'call_status', callId: 'wacid.ABGGFjFVU2AfAgo6V', status: 'RINGING' });
	});

	it('call_created, recording and transcription become their own kinds, with the media to download', () => {
		const value = {
			metadata,
			calls: [
				{ id: 'wacid.sip', from: '16315553601', to: '13175551399', event: 'call_created', direction: 'USER_INITIATED', timestamp: '1749197000' },
				{ id: 'wacid.rec', event: 'call_recording_available', timestamp: '1749197500', call_recording: { type: 'audio', audio: { id: '9001', sha256: 'x', mime_type: 'audio/ogg; codecs=opus' } } },
				{ id: 'wacid.rec', event: 'call_transcription_available', timestamp: '1749197600', call_transcript: { document: { id: '9002', sha256: 'y', mime_type: 'application/json' } } },
				{ id: 'wacid.new', event: 'some_future_event', timestamp: '1749197700' },
			],
		};
		expect(events(delivery('calls', value)).map((e) => [e.kind, e.callId, e.mediaId, e.mimeType])).toEqual([
			['call_created', 'wacid.sip', undefined, undefined],
			['call_recording', 'wacid.rec', '9001', 'audio/ogg; codecs=opus'],
			['call_transcription', 'wacid.rec', '9002', 'application/json'],
			['call', 'wacid.new', undefined, undefined],
		]);
	});
});

describe('call permission replies and call settings', () => {
	it('a reply is kind call_permission_reply: response as status and text, permanence, expiry (string or number), source', () => {
		expect(only(fixture('meta-call-permission-reply'))).toMatchObject({
			kind: 'call_permission_reply',
			messageType: 'interactive',
			status: 'accept',
			text: 'accept',
			permanent: false,
			expiresAt: '2026-01-16T08:00:00.000Z',
			responseSource: 'user_action',
			from: '16505551234',
			context: { messageId: 'wamid.gBGGFlaCmZ9p…' },
		});
		// pywa sends expiration_timestamp as a number.
		expect(only(fixture('pywa-call-permission-reply-accept'))).toMatchObject({ status: 'accept', expiresAt: '2025-07-22T12:23:02.000Z', context: { messageId: 'wamid.y==' } });
		const reject = only(fixture('pywa-call-permission-reply-reject'));
		expect(reject).toMatchObject({ kind: 'call_permission_reply', status: 'reject', text: 'reject' });
		expect(reject.expiresAt).toBeUndefined();
	});

	it('account_settings_update gives the number and its calling status, whatever the case of `type`', () => {
		expect(only(fixture('meta-account-settings-update'))).toMatchObject({ kind: 'account_settings', phoneNumberId: '106540352242922', status: 'ENABLED', timestamp: '2022-12-21T17:47:04.000Z' });
		const upper = { timestamp: '1671644900', type: 'PHONE_NUMBER_SETTINGS', phone_number_settings: { phone_number_id: '555', calling: { status: 'DISABLED' } } };
		expect(only(delivery('account_settings_update', upper))).toMatchObject({ phoneNumberId: '555', status: 'DISABLED' });
	});
});

describe('group events', () => {
	it('group_create: the group, the request id to correlate with the create operation, the type as status', () => {
		const event = only(fixture('meta-group-create'));
		expect(event).toMatchObject({ kind: 'group_lifecycle', field: 'group_lifecycle_update', groupId: GROUP, requestId: 'REQUEST_ID', status: 'group_create', timestamp: '2025-08-18T20:27:57.000Z' });
		expect(event.item).toMatchObject({ invite_link: 'https://chat.whatsapp.com/LINK_ID', subject: 'New Purchase Inquiry' });
	});

	it('participants: who joined by link, who asked to join (integer timestamp), who left, and a business removal with errors', () => {
		expect(only(fixture('meta-group-participants-add'))).toMatchObject({
			kind: 'group_participants',
			status: 'group_participants_add',
			from: '16505551234',
			participants: [{ wa_id: '16505551234', user_id: 'US.13491208655302741918' }],
		});
		expect(only(fixture('composed-group-join-request'))).toMatchObject({ status: 'group_join_request_created', from: '16505551234', timestamp: '2025-08-18T20:33:20.000Z' });
		expect(only(fixture('composed-group-user-left'))).toMatchObject({ status: 'group_participants_remove', from: '16505551234', participants: [{ wa_id: '16505551234' }] });
		const removal = only(fixture('composed-group-business-remove'));
		expect(removal).toMatchObject({ requestId: 'REQUEST_ID_2', participants: [{ input: '16505551234' }], errors: [{ code: 131201 }] });
		expect(removal.from).toBeUndefined();
	});

	it('settings and status events carry their errors and type; an unknown type passes through', () => {
		expect(only(fixture('meta-group-settings-update'))).toMatchObject({ kind: 'group_settings', status: 'group_settings_update', requestId: 'REQUEST_ID', errors: [{ code: 131201 }] });
		expect(only(fixture('meta-group-suspend'))).toMatchObject({ kind: 'group_status', status: 'group_suspend', groupId: GROUP });
		// The spelling of Meta's OpenAPI, not its guides': no throw, the type kept as it came.
		const odd = { metadata, groups: [{ timestamp: 1755549000, group_id: 'G1', type: 'group_add_participants', added_participants: [{ wa_id: '1' }, { wa_id: '2' }] }] };
		const event = only(delivery('group_participants_update', odd));
		expect(event).toMatchObject({ kind: 'group_participants', status: 'group_add_participants', groupId: 'G1', participants: [{ wa_id: '1' }, { wa_id: '2' }] });
		expect(event.from).toBeUndefined();
	});

	it('an inbound group message and statuses of group sends carry the group, and the participant under both spellings', () => {
		expect(only(fixture('composed-group-inbound-text'))).toMatchObject({ kind: 'message', groupId: GROUP, from: '16505551234', text: 'Is 8 pm still possible?' });
		expect(only(fixture('pywa-status-group-read'))).toMatchObject({ kind: 'status', status: 'read', groupId: 'fowefinoewcnw', participantId: '<GROUP_PARTICIPANT_USER_PHONE_NUMBER>' });
		expect(only(fixture('composed-status-group-delivered-misspelt'))).toMatchObject({ kind: 'status', status: 'delivered', groupId: GROUP, participantId: '16505551234' });
		// A one-to-one status has neither.
		const single = only(delivery('messages', { metadata, statuses: [{ id: 'wamid.1', status: 'read', timestamp: '1', recipient_id: '16505551234' }] }));
		expect(single.groupId).toBeUndefined();
		expect(single.participantId).toBeUndefined();
	});
});

describe('the events filter', () => {
	const names = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
	const all = names.flatMap((name) => events(fixture(name)));

	it('lists every kind the fixtures produce, for the editors', () => {
		expect(EVENT_KINDS).toEqual(expect.arrayContaining([...new Set(all.map((e) => e.kind))]));
		expect(EVENT_KINDS).toEqual(expect.arrayContaining(['message', 'status', 'call_connect', 'call_terminate', 'call_status', 'call_permission_reply', 'group_participants']));
		expect(EVENT_KINDS).not.toContain('call');
	});

	it('keeps only the chosen kinds; none chosen keeps all; statuses leave call statuses alone', () => {
		const kinds = (filter: object) => [...new Set(all.filter((e: WebhookEvent) => matchesFilter(e, filter)).map((e) => e.kind))].sort();
		expect(kinds({ events: ['call_connect', 'group_participants'] })).toEqual(['call_connect', 'group_participants']);
		expect(kinds({ events: [] })).toEqual([...new Set(all.map((e) => e.kind))].sort());
		expect(kinds({ events: ['call_status', 'status'], statuses: ['delivered'] })).toEqual(['call_status', 'status']);
		expect(all.filter((e) => matchesFilter(e, { events: ['status'], statuses: ['delivered'] })).map((e) => e.status)).toEqual(['delivered']);
	});

	it('applies through the receiver, before deduplication', () => {
		const raw = fixture('meta-call-connect-user-initiated');
		expect(receiver({ events: ['call_terminate'] }).receive(raw, sign(raw)).events).toEqual([]);
		expect(receiver({ events: ['call_connect'] }).receive(raw, sign(raw)).events.map((e) => e.kind)).toEqual(['call_connect']);
	});
});

describe('deduplication of calls and groups', () => {
	it('a call webhook delivered twice starts one run; its terminate (same call id) still starts one', () => {
		const r = receiver();
		const connect = fixture('meta-call-connect-user-initiated');
		const terminate = fixture('pywa-call-terminate');
		expect(r.receive(connect, sign(connect)).events.map((e) => e.kind)).toEqual(['call_connect']);
		expect(r.receive(connect, sign(connect)).events).toEqual([]);
		expect(r.receive(terminate, sign(terminate)).events.map((e) => [e.kind, e.callId])).toEqual([['call_terminate', 'wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh']]);
		expect(r.receive(terminate, sign(terminate)).events).toEqual([]);
	});

	it('a redelivered connect that differs in noise (contacts, key order) is still a duplicate: the key is (call id, event)', () => {
		const r = receiver();
		const call = { id: 'wacid.dup', from: '16315553601', to: '13175551399', event: 'connect', direction: 'USER_INITIATED', timestamp: '1', session: { sdp_type: 'offer', sdp: 'v=0' } };
		const first = delivery('calls', { metadata, calls: [call] });
		const again = delivery('calls', { metadata, contacts: [{ profile: { name: 'Jane' }, wa_id: '16315553601' }], calls: [{ ...call, cta_payload: 'x' }] });
		expect(r.receive(Buffer.from(first), sign(Buffer.from(first))).events).toHaveLength(1);
		expect(r.receive(Buffer.from(again), sign(Buffer.from(again))).events).toEqual([]);
		// A call status of the same call id is another key.
		const status = delivery('calls', { metadata, statuses: [{ id: 'wacid.dup', type: 'call', status: 'ACCEPTED', timestamp: '2', recipient_id: '1' }] });
		expect(r.receive(Buffer.from(status), sign(Buffer.from(status))).events.map((e) => e.kind)).toEqual(['call_status']);
	});

	it('group events: one run per request id and type; without a request, two joins in the same second stay two runs', () => {
		const r = receiver();
		const create = fixture('meta-group-create');
		expect(r.receive(create, sign(create)).events).toHaveLength(1);
		expect(r.receive(create, sign(create)).events).toEqual([]);
		const join = (waId: string) => {
			const body = Buffer.from(delivery('group_participants_update', { metadata, groups: [{ timestamp: '1755549000', group_id: 'G1', type: 'group_participants_add', reason: 'invite_link', added_participants: [{ wa_id: waId }] }] }));
			return r.receive(body, sign(body)).events.map((e) => e.from);
		};
		expect(join('111')).toEqual(['111']);
		expect(join('222')).toEqual(['222']);
		expect(join('111')).toEqual([]);
	});
});
