import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { REPO } from './pack';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-groups-calls-'));
const file = (name: string) => join(out, `${name}.jsonl`);
const CALLER = '16315553601';
const MEMBER = '16505551234';
const WELCOME = 'Welcome! Ask us anything about order 4711.';
const CALL_EVENTS = 'call_connect, call_terminate';
/** Open all week, so an incoming call is never outside the call hours. */
const CALL_HOURS = {
	status: 'ENABLED',
	timezone_id: 'Europe/Berlin',
	weekly_operating_hours: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((day) => ({ day_of_week: day, open_time: '0000', close_time: '2359' })),
};

interface Line {
	topic: string;
	payload: Record<string, any>;
	change: { field: string; value: Record<string, any> };
}

const toFile = (id: string, name: string, x: number, y: number) => ({
	id,
	type: 'file',
	z: 'tab1',
	filename: file(name),
	filenameType: 'str',
	appendNewline: true,
	createDir: true,
	overwriteFile: 'false',
	encoding: 'none',
	wires: [],
	x,
	y,
});
/** Writes `{topic, payload, change}` of each message: the event, its kind and the raw change. */
const withTopic = (id: string, next: string, x: number, y: number) => ({
	id,
	type: 'change',
	z: 'tab1',
	rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"topic": topic, "payload": payload, "change": change}', tot: 'jsonata' }],
	wires: [[next]],
	x,
	y,
});
const manage = (id: string, resource: string, operation: string, params: Record<string, unknown>, next: string, x: number, y: number) => ({
	id,
	type: 'whatsapp-platform-manage',
	z: 'tab1',
	account: 'acct',
	resource,
	operation,
	params,
	split: false,
	wires: [[next]],
	x,
	y,
});
const injectNode = (id: string, next: string, y: number) => ({ id, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'str', wires: [[next]], x: 100, y });

/**
 * - inject → Group > Create → file; inject → Call > Update Settings → file;
 * - webhook /whatsapp (every event) → file, and its group_participants_add → a welcome text to that group;
 * - webhook /calls-only (Events: call_connect, call_terminate) → file, and its call_connect → Call > Reject.
 */
function flows(baseUrl: string) {
	return [
		{ id: 'tab1', type: 'tab', label: 'Groups and calls' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },

		injectNode('inject-create', 'create', 40),
		manage('create', 'group', 'create', { subject: 'Order 4711 support', description: 'Questions about your order' }, 'file-create', 300, 40),
		toFile('file-create', 'created', 500, 40),

		injectNode('inject-settings', 'settings', 100),
		manage('settings', 'call', 'updateSettings', { status: 'ENABLED', callHours: JSON.stringify(CALL_HOURS) }, 'file-settings', 300, 100),
		toFile('file-settings', 'settings', 500, 100),

		{ id: 'hook-all', type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path: '/whatsapp', wires: [['topic-all', 'joined']], x: 120, y: 180 },
		withTopic('topic-all', 'file-all', 320, 180),
		toFile('file-all', 'events', 520, 180),
		{
			id: 'joined',
			type: 'switch',
			z: 'tab1',
			name: 'a user joined',
			property: 'payload.status',
			propertyType: 'msg',
			rules: [{ t: 'eq', v: 'group_participants_add', vt: 'str' }],
			checkall: 'false',
			repair: false,
			outputs: 1,
			wires: [['welcome-text']],
			x: 320,
			y: 240,
		},
		{
			id: 'welcome-text',
			type: 'change',
			z: 'tab1',
			rules: [{ t: 'set', p: 'payload', pt: 'msg', to: `{"to": payload.groupId, "body": "${WELCOME}"}`, tot: 'jsonata' }],
			wires: [['welcome']],
			x: 520,
			y: 240,
		},
		{ id: 'welcome', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendText', params: { recipientType: 'group' }, wires: [['file-welcome']], x: 720, y: 240 },
		toFile('file-welcome', 'welcomed', 920, 240),

		{ id: 'hook-calls', type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path: '/calls-only', events: CALL_EVENTS, wires: [['topic-calls', 'incoming']], x: 120, y: 320 },
		withTopic('topic-calls', 'file-calls', 320, 320),
		toFile('file-calls', 'calls', 520, 320),
		{
			id: 'incoming',
			type: 'switch',
			z: 'tab1',
			name: 'incoming call',
			property: 'topic',
			propertyType: 'msg',
			rules: [{ t: 'eq', v: 'call_connect', vt: 'str' }],
			checkall: 'false',
			repair: false,
			outputs: 1,
			wires: [['reject']],
			x: 320,
			y: 380,
		},
		// msg.payload is the event: its callId (and phoneNumberId) fill the operation's parameters.
		manage('reject', 'call', 'reject', {}, 'file-reject', 520, 380),
		toFile('file-reject', 'rejected', 720, 380),

		{ id: 'catch-errors', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['shape-error']], x: 100, y: 460 },
		{ id: 'shape-error', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"error": error, "whatsappError": whatsappError}', tot: 'jsonata' }], wires: [['errors']], x: 300, y: 460 },
		toFile('errors', 'errors', 500, 460),
	];
}

type FlowNode = Record<string, any> & { id: string; type: string };

/** An example flow as shipped, pointed at the emulator: the only change an importer makes is the account. */
function example(name: string, baseUrl: string) {
	const nodes = JSON.parse(readFileSync(join(REPO, 'examples', `${name}.json`), 'utf8')) as FlowNode[];
	const account = nodes.find((node) => node.type === 'whatsapp-platform-config')!;
	account.baseUrl = baseUrl;
	const byName = (type: string, label: string) => nodes.find((node) => node.type === type && node.name === label)!.id;
	return { nodes, account: account.id, byName };
}

describe('groups and calling in a real Node-RED 5: manage and send nodes, their webhooks in the webhook node', () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	let groupId = '';
	let groupsExample: ReturnType<typeof example>;
	let callsExample: ReturnType<typeof example>;
	const lines = (name: string) => red.readJsonLines(file(name)) as any[];
	/** Waits for a line of `name` that `match` accepts; says what the flow's Catch node got on a timeout. */
	const waitLine = (name: string, match: (line: any) => boolean = () => true) =>
		red.waitFor(() => lines(name).find(match)).catch((error: Error) => {
			throw new Error(`${error.message.slice(0, 200)}\nerrors: ${JSON.stringify(lines('errors'))}\n${name}: ${JSON.stringify(lines(name))}`);
		});
	const control = (path: string, body: unknown) =>
		fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		groupsExample = example('groups', emulator.url);
		callsExample = example('calls', emulator.url);
		const secrets = { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
		red.writeFlows([...flows(emulator.url), ...groupsExample.nodes, ...callsExample.nodes], { acct: secrets, [groupsExample.account]: secrets, [callsExample.account]: secrets });
		await red.start();
		// The app's callback URL, as set in Meta's dashboard: the webhook node that takes every event.
		emulator.options.callbackUrl = `${red.url}/whatsapp`;
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('creates a group; the webhook node emits its group_create event with the request id of the action, the group id and the invite link', async () => {
		await red.inject('inject-create');
		const created = await waitLine('created');
		expect(created).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f]{32}$/), messaging_product: 'whatsapp' });
		expect(emulator.state.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/groups`)?.body).toEqual({
			messaging_product: 'whatsapp',
			subject: 'Order 4711 support',
			description: 'Questions about your order',
			join_approval_mode: 'auto_approve',
		});

		const event = (await waitLine('events', (l: Line) => l.topic === 'group_lifecycle' && l.payload.requestId === created.requestId)) as Line;
		const [group] = emulator.state.groups.groups.values();
		groupId = group.id;
		expect(event.payload).toMatchObject({ kind: 'group_lifecycle', status: 'group_create', groupId, phoneNumberId: PHONE_NUMBER_ID });
		expect(event.payload.item).toMatchObject({ subject: 'Order 4711 support', invite_link: group.inviteLink });
		expect(group.inviteLink).toMatch(/^https:\/\/chat\.whatsapp\.com\/\S+$/);
	});

	it('greets the group when a user joins by the link: a text with recipient_type group, to the group id', async () => {
		expect((await control(`groups/${groupId}/join`, { wa_id: MEMBER })).status).toBe(200);
		const joined = (await waitLine('events', (l: Line) => l.topic === 'group_participants')) as Line;
		expect(joined.payload).toMatchObject({ status: 'group_participants_add', groupId, participants: [{ wa_id: MEMBER }] });

		const sent = await waitLine('welcomed');
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
		const message = emulator.state.messages.find((m) => m.id === sent.messageId);
		expect(message?.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'group', to: groupId, type: 'text', text: { body: WELCOME } });
	});

	it('enables calling with call hours; the emulator stores them and the webhook node emits account_settings', async () => {
		await red.inject('inject-settings');
		expect(await waitLine('settings')).toEqual(expect.objectContaining({ success: true, updated: true }));
		expect(emulator.state.calls.calling(PHONE_NUMBER_ID)).toMatchObject({ status: 'ENABLED', call_hours: CALL_HOURS });
		const event = (await waitLine('events', (l: Line) => l.topic === 'account_settings')) as Line;
		expect(event.payload).toMatchObject({ field: 'account_settings_update', status: 'ENABLED', phoneNumberId: PHONE_NUMBER_ID });
		expect(event.change.value.phone_number_settings.calling.call_hours).toEqual(CALL_HOURS);
	});

	it('on the calls-only webhook: drops a group event, takes an incoming call as call_connect with id, direction and SDP, rejects it by id, then call_terminate', async () => {
		const callsUrl = `${red.url}/calls-only`;
		emulator.options.callbackUrl = callsUrl;
		try {
			// A group event first: it reaches the node (200) but is outside its Events filter.
			expect((await control(`groups/${groupId}/leave`, { wa_id: MEMBER })).status).toBe(200);
			await emulator.webhooks.idle();
			const toCalls = emulator.webhooks.deliveries.filter((d) => d.url === callsUrl);
			expect(toCalls.map((d) => [JSON.parse(d.body.toString()).entry[0].changes[0].field, d.attempts])).toEqual([['group_participants_update', [200]]]);

			const incoming = await control('calls/incoming', { from: CALLER });
			expect(incoming.status).toBe(200);
			const { call_id: callId, sdp } = (await incoming.json()) as { call_id: string; sdp: string };
			const connect = (await waitLine('calls', (l: Line) => l.topic === 'call_connect')) as Line;
			expect(connect.payload).toMatchObject({ callId, field: 'calls', direction: 'USER_INITIATED', from: CALLER, sdpType: 'offer', sdp, status: 'connect' });
			expect(sdp).toMatch(/^v=0\r\n[\s\S]*m=audio /);

			expect(await waitLine('rejected')).toEqual(expect.objectContaining({ success: true, callId, action: 'reject' }));
			expect(emulator.state.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/calls`)?.body).toEqual({ messaging_product: 'whatsapp', call_id: callId, action: 'reject' });
			const terminate = (await waitLine('calls', (l: Line) => l.topic === 'call_terminate')) as Line;
			expect(terminate.payload).toMatchObject({ callId, direction: 'USER_INITIATED', from: CALLER, callStatus: 'FAILED' });
			expect(emulator.state.calls.calls.get(callId)).toMatchObject({ state: 'ended', status: 'FAILED' });
			expect(lines('calls').map((l: Line) => l.topic)).toEqual(['call_connect', 'call_terminate']);
		} finally {
			emulator.options.callbackUrl = `${red.url}/whatsapp`;
		}
	});

	it('runs examples/groups.json and examples/calls.json as shipped: a group greeted on a join, calling enabled, a call declined', async () => {
		try {
			emulator.options.callbackUrl = `${red.url}/whatsapp-groups`;
			await red.inject(groupsExample.byName('inject', 'create group'));
			const group = await red.waitFor(() => [...emulator.state.groups.groups.values()].find((g) => g.id !== groupId));
			expect(group).toMatchObject({ subject: 'Order 4711 support', join_approval_mode: 'auto_approve' });
			expect((await control(`groups/${group.id}/join`, { wa_id: MEMBER })).status).toBe(200);
			const welcome = await red.waitFor(() => emulator.state.messages.find((m) => m.to === group.id));
			expect(welcome.body).toMatchObject({ recipient_type: 'group', to: group.id, type: 'text', text: { body: 'Welcome! Ask us anything about your order here.' } });

			emulator.options.callbackUrl = `${red.url}/whatsapp-calls`;
			await red.inject(callsExample.byName('inject', 'enable calling'));
			await red.waitFor(() => (emulator.state.calls.calling(PHONE_NUMBER_ID).call_hours as { weekly_operating_hours: unknown[] }).weekly_operating_hours.length === 5);
			const incoming = await control('calls/incoming', { from: '16315553602' });
			const { call_id: callId } = (await incoming.json()) as { call_id: string };
			const call = await red.waitFor(() => emulator.state.calls.calls.get(callId)?.state === 'ended' && emulator.state.calls.calls.get(callId));
			expect(call).toMatchObject({ status: 'FAILED', direction: 'USER_INITIATED' });
			expect(call ? call.answeredAt : 'no call').toBeUndefined();
			expect(emulator.state.requests.filter((r) => r.path === `/v24.0/${PHONE_NUMBER_ID}/calls`).map((r) => r.body)).toContainEqual({ messaging_product: 'whatsapp', call_id: callId, action: 'reject' });
			// Their nodes have no Catch node: an error of theirs would be in the log.
			expect(red.output).not.toMatch(/\[error\]/);
		} finally {
			emulator.options.callbackUrl = `${red.url}/whatsapp`;
		}
	});

	it('caught no error, and keeps every secret out of the log and the messages', () => {
		expect(lines('errors')).toEqual([]);
		const everything = red.output + ['created', 'events', 'welcomed', 'settings', 'calls', 'rejected'].map((name) => JSON.stringify(lines(name))).join('');
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
	});
});
