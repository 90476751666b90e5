import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';

type Event = Record<string, any>;
interface Run {
	source: 'trigger' | 'reject';
	items: Event[];
}

const CREDENTIAL = 'credGroupsCalls1';
const TRIGGER_WEBHOOK_ID = '2b7e6c1d-4f3a-4e8b-9c2d-1a0b3c4d5e6f';
const CALLER = '16315553601';
const MEMBER = '16505551234';
/** One trigger per WABA (its override callback): it takes what the actions cause, and the calls. */
const TRIGGER_EVENTS = ['group_lifecycle', 'account_settings', 'call_connect', 'call_terminate'];
/** Open all week, so an incoming call is never outside the call hours. */
const CALL_HOURS = {
	status: 'ENABLED',
	timezone_id: 'Europe/Berlin',
	weekly_operating_hours: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((day) => ({ day_of_week: day, open_time: '0000', close_time: '2359' })),
};

const credentials = { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } };
const whatsApp = (id: string, name: string, position: number[], parameters: Record<string, unknown>) => ({
	id,
	name,
	type: `${PACKAGE}.whatsAppPlatform`,
	typeVersion: 1,
	position,
	parameters,
	credentials,
});
/** An HTTP Request node that POSTs `{source, items}` (all the run's items) once per run. */
const collect = (id: string, name: string, source: Run['source'], url: string, position: number[]) => ({
	id,
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position,
	executeOnce: true,
	parameters: {
		method: 'POST',
		url,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ source: '${source}', items: $input.all().map((item) => item.json) }) }}`,
		options: {},
	},
});

/**
 * Trigger (Events filter) → Collect, and Trigger → Code (only call_connect) → Reject the call
 * by its id → Collect: the workflow declines every incoming call it hears of.
 */
function triggerWorkflow(collectorUrl: string) {
	return {
		id: 'wfGrpCallTrig001',
		name: 'groups and calls trigger',
		active: false,
		settings: {},
		connections: {
			Trigger: { main: [[{ node: 'Collect', type: 'main', index: 0 }, { node: 'Incoming Calls', type: 'main', index: 0 }]] },
			'Incoming Calls': { main: [[{ node: 'Reject', type: 'main', index: 0 }]] },
			Reject: { main: [[{ node: 'Collect Reject', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'g1',
				name: 'Trigger',
				type: `${PACKAGE}.whatsAppPlatformTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: TRIGGER_WEBHOOK_ID,
				parameters: { fields: [], options: { events: TRIGGER_EVENTS } },
				credentials,
			},
			collect('g2', 'Collect', 'trigger', collectorUrl, [240, -120]),
			{
				id: 'g3',
				name: 'Incoming Calls',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [240, 120],
				parameters: { jsCode: "return $input.all().filter((item) => item.json.kind === 'call_connect' && item.json.direction === 'USER_INITIATED');" },
			},
			whatsApp('g4', 'Reject', [480, 120], { resource: 'call', operation: 'reject', callId: '={{ $json.callId }}' }),
			collect('g5', 'Collect Reject', 'reject', collectorUrl, [720, 120]),
		],
	};
}

/** Webhook (POST /webhook/<path>) → one WhatsApp action; the HTTP answer is the action's items. */
function actionWorkflow(id: string, path: string, webhookId: string, parameters: Record<string, unknown>) {
	return {
		id,
		name: `action ${path}`,
		active: false,
		settings: {},
		connections: { Request: { main: [[{ node: 'Action', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: `${id}-0`,
				name: 'Request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			whatsApp(`${id}-1`, 'Action', [240, 0], parameters),
		],
	};
}

const ACTIONS = [
	actionWorkflow('wfGrpCallCreate1', 'group-create', '3c8f7d2e-5a4b-4f9c-8d3e-2b1c4d5e6f70', {
		resource: 'group',
		operation: 'create',
		subject: '={{ $json.body.subject }}',
		description: 'Questions about your order',
	}),
	actionWorkflow('wfGrpCallSend01', 'group-send', '4d9a8e3f-6b5c-4a0d-9e4f-3c2d5e6f7a81', {
		resource: 'message',
		operation: 'sendText',
		recipientType: 'group',
		to: '={{ $json.body.groupId }}',
		body: '={{ $json.body.text }}',
	}),
	actionWorkflow('wfGrpCallSetng1', 'call-settings', '5e0b9f4a-7c6d-4b1e-8f5a-4d3e6f7a8b92', {
		resource: 'call',
		operation: 'updateSettings',
		status: 'ENABLED',
		callHours: JSON.stringify(CALL_HOURS),
	}),
];

describe('groups and calling in a real n8n 2.x: actions in workflows, their webhooks in an active trigger', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;
	let collector: Collector;
	let groupId = '';
	const runs = () => collector.bodies as Run[];
	const triggerRuns = () => runs().filter((r) => r.source === 'trigger');
	/** Polls `probe` until it gives a value (the host runs workflows asynchronously); on timeout, says what n8n logged. */
	async function until<T>(probe: () => T | undefined | false): Promise<T> {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const value = probe();
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`Timed out; runs so far: ${JSON.stringify(runs().map((r) => [r.source, r.items.map((e) => e.kind)]))}\n${n8n.logTail(4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	const waitForEvent = (match: (event: Event) => boolean) => until(() => triggerRuns().flatMap((r) => r.items).find(match));
	/** Runs an action workflow through its production webhook and returns the action's items. */
	async function act(path: string, body: unknown): Promise<Event[]> {
		const response = await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const text = await response.text();
		expect(response.status, text).toBe(200);
		const items = JSON.parse(text);
		return Array.isArray(items) ? items : [items];
	}

	beforeAll(async () => {
		emulator = await startTestEmulator();
		collector = await new Collector().start();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: CREDENTIAL,
				name: CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			},
		]);
		for (const workflow of [triggerWorkflow(collector.url), ...ACTIONS]) {
			await n8n.importWorkflow(workflow);
			const published = await n8n.cli(['publish:workflow', `--id=${workflow.id}`]);
			expect(published.ok, published.output).toBe(true);
		}
		await n8n.start(await freePort());
		// Activation subscribed the WABA with the trigger's URL as its override (after Meta's handshake).
		const hookUrl = `${n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		const deadline = Date.now() + 120_000;
		while (emulator.state.subscriptions[0]?.overrideCallbackUri !== hookUrl) {
			if (Date.now() > deadline) throw new Error(`The trigger did not subscribe the WABA:\n${n8n.serverOutput}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await n8n.triggerListening(hookUrl);
	});

	afterAll(async () => {
		await n8n?.stop();
		await collector?.stop();
		await emulator?.stop();
	});

	it('creates a group; the trigger gets its group_create event with the request id of the action, the group id and the invite link', async () => {
		const [created] = await act('group-create', { subject: 'Order 4711 support' });
		expect(created).toMatchObject({ requestId: expect.stringMatching(/^[0-9a-f]{32}$/), messaging_product: 'whatsapp' });
		expect(emulator.state.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/groups`)?.body).toEqual({
			messaging_product: 'whatsapp',
			subject: 'Order 4711 support',
			description: 'Questions about your order',
			join_approval_mode: 'auto_approve',
		});

		const event = await waitForEvent((e) => e.kind === 'group_lifecycle' && e.requestId === created.requestId);
		const [group] = emulator.state.groups.groups.values();
		groupId = group.id;
		expect(event).toMatchObject({ field: 'group_lifecycle_update', status: 'group_create', groupId, phoneNumberId: PHONE_NUMBER_ID });
		expect(event.item).toMatchObject({ subject: 'Order 4711 support', invite_link: group.inviteLink, join_approval_mode: 'auto_approve' });
		expect(group.inviteLink).toMatch(/^https:\/\/chat\.whatsapp\.com\/\S+$/);
	});

	it('sends a text to the group once a user joined by the link: recipient_type group, to the group id', async () => {
		const joined = await fetch(`${emulator.url}/__emulator/groups/${groupId}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wa_id: MEMBER }) });
		expect(joined.status).toBe(200);
		const [sent] = await act('group-send', { groupId, text: 'Welcome! Ask us anything about order 4711.' });
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
		const message = emulator.state.messages.find((m) => m.id === sent.messageId);
		expect(message?.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'group', to: groupId, type: 'text', text: { body: 'Welcome! Ask us anything about order 4711.' } });
	});

	it('enables calling with call hours; the emulator stores them and the trigger gets account_settings', async () => {
		expect(await act('call-settings', {})).toEqual([expect.objectContaining({ success: true, updated: true })]);
		expect(emulator.state.calls.calling(PHONE_NUMBER_ID)).toMatchObject({ status: 'ENABLED', call_hours: CALL_HOURS });
		const event = await waitForEvent((e) => e.kind === 'account_settings');
		expect(event).toMatchObject({ field: 'account_settings_update', status: 'ENABLED', phoneNumberId: PHONE_NUMBER_ID });
		expect(event.change.value.phone_number_settings.calling.call_hours).toEqual(CALL_HOURS);
	});

	it('takes an incoming call as call_connect with its id, direction and SDP, rejects it by id in the workflow, then gets call_terminate', async () => {
		const incoming = await fetch(`${emulator.url}/__emulator/calls/incoming`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CALLER }) });
		expect(incoming.status).toBe(200);
		const { call_id: callId, sdp } = (await incoming.json()) as { call_id: string; sdp: string };

		const connect = await waitForEvent((e) => e.kind === 'call_connect' && e.callId === callId);
		expect(connect).toMatchObject({ field: 'calls', direction: 'USER_INITIATED', from: CALLER, sdpType: 'offer', sdp, status: 'connect' });
		expect(sdp).toMatch(/^v=0\r\n[\s\S]*m=audio /);

		const terminate = await waitForEvent((e) => e.kind === 'call_terminate' && e.callId === callId);
		// The reject run's report and the terminate run may arrive in either order.
		await until(() => runs().some((r) => r.source === 'reject'));
		expect(runs().filter((r) => r.source === 'reject').map((r) => r.items)).toEqual([[expect.objectContaining({ success: true, callId, action: 'reject' })]]);
		expect(emulator.state.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/calls`)?.body).toEqual({ messaging_product: 'whatsapp', call_id: callId, action: 'reject' });
		expect(terminate).toMatchObject({ direction: 'USER_INITIATED', from: CALLER, callStatus: 'FAILED' });
		expect(emulator.state.calls.calls.get(callId)).toMatchObject({ state: 'ended', status: 'FAILED' });
	});

	it('starts no run for events outside its Events filter: the join reached its URL and was dropped', async () => {
		await emulator.webhooks.idle();
		const hookUrl = `${n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		const delivered = (field: string) => emulator.webhooks.deliveries.filter((d) => d.url === hookUrl && d.body.toString().includes(`"field":"${field}"`));
		expect(delivered('group_participants_update').map((d) => d.attempts)).toEqual([[200]]);
		const kinds = new Set(triggerRuns().flatMap((r) => r.items.map((e) => e.kind)));
		expect([...kinds].sort()).toEqual([...TRIGGER_EVENTS].sort());
		for (const secret of SECRETS) expect(n8n.serverOutput + JSON.stringify(runs())).not.toContain(secret);
	});
});
