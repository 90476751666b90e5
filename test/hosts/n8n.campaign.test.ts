import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';

const USERS = 300;
const CREDENTIAL = 'credCampaign0001';
/** Writes first (STOP): the service window it opens keeps its templates out of the messaging limit. */
const USER = '4915199999999';
const TRIGGER_WEBHOOK_ID = '8f2d4b6a-1c3e-4a5b-9d7f-0e1a2b3c4d5e';
const SALE_COMPONENTS = '[{"type":"body","parameters":[{"type":"text","text":"today"}]},{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"25OFF"}]}]';
const ORDER_COMPONENTS =
	'[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/box.jpg"}}]},{"type":"body","parameters":[{"type":"text","text":"Ana","parameter_name":"first_name"},{"type":"text","text":"1","parameter_name":"order_number"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A"}]}]';

const whatsApp = (parameters: Record<string, unknown>) => ({
	id: 'n3',
	name: 'WhatsApp',
	type: `${PACKAGE}.whatsAppPlatform`,
	typeVersion: 1,
	position: [400, 0],
	// A refusal is the item's output, not the end of the run: n8n's "On Error: Continue".
	onError: 'continueRegularOutput',
	parameters,
	credentials: { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } },
});

/** Start -> Code (300 users) -> WhatsApp Send Template (spring_sale, campaign "spring"); or Start -> WhatsApp Get Report. */
function workflow(id: string, report = false) {
	const code = `return Array.from({ length: ${USERS} }, (_, i) => ({ json: { to: '+49151' + String(i).padStart(8, '0') } }));`;
	const send = { resource: 'message', operation: 'sendTemplate', to: '={{ $json.to }}', template: { __rl: true, mode: 'list', value: 'spring_sale|en_US' }, components: SALE_COMPONENTS, campaign: 'spring' };
	return {
		id,
		name: `campaign ${id}`,
		active: false,
		settings: {},
		connections: report
			? { Start: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } }
			: { Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] }, Users: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...(report ? [] : [{ id: 'n2', name: 'Users', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: code } }]),
			whatsApp(report ? { resource: 'campaign', operation: 'getReport', campaign: 'spring' } : send),
		],
	};
}

/** What the emulator refused, with its error codes: a campaign gets no error from Meta. */
const refusals = (emulator: GraphEmulator) => emulator.state.requests.filter((r) => r.status >= 400).map((r) => `${r.method} ${r.path}: ${JSON.stringify(r.response)}`);

/** The WhatsApp Platform Trigger (all fields, the default stop keywords) → Collect: each run's items. */
function triggerWorkflow(collectorUrl: string) {
	return {
		id: 'wfCampaignTrig01',
		name: 'campaign trigger',
		active: false,
		settings: {},
		connections: { Trigger: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 't1', name: 'Trigger', type: `${PACKAGE}.whatsAppPlatformTrigger`, typeVersion: 1, position: [0, 0], webhookId: TRIGGER_WEBHOOK_ID, parameters: { fields: [], options: {} }, credentials: { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } } },
			{
				id: 't2',
				name: 'Collect',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				executeOnce: true,
				parameters: { method: 'POST', url: collectorUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($input.all().map((item) => item.json)) }}', options: {} },
			},
		],
	};
}

/** Webhook (POST /webhook/<path>) → one template to USER; the HTTP answer is the send's item (its message ID or its refusal). */
function sendWorkflow(id: string, path: string, webhookId: string, template: string, components: string) {
	return {
		id,
		name: `send ${path}`,
		active: false,
		settings: {},
		connections: { Request: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: `${id}-0`, name: 'Request', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId, parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} } },
			whatsApp({ resource: 'message', operation: 'sendTemplate', to: `+${USER}`, template: { __rl: true, mode: 'list', value: template }, components }),
		],
	};
}

describe('campaign safety in a real n8n 2.x, two executions (two processes) sharing Redis', () => {
	let emulator: GraphEmulator;
	let redis: RedisServer;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		redis = await RedisServer.start();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: CREDENTIAL,
				name: CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, redisUrl: redis.url, messagingLimit: 'auto' },
			},
		]);
		await n8n.importWorkflow(workflow('wfCampaign000001'));
		await n8n.importWorkflow(workflow('wfCampaignReport1', true));
	});

	afterAll(async () => {
		await n8n?.stop();
		await collector?.stop();
		await emulator?.stop();
		await redis?.kill();
	});

	let collector: Collector;

	it('300 marketing templates at TIER_250: 250 sent, 50 refused before sending naming the tier; the next execution reaches the same 250 only; the report agrees', async () => {
		for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = 'TIER_250';
		const first = await n8n.execute('wfCampaign000001');
		expect(first.ok, first.output.slice(-2000)).toBe(true);
		const items = nodeOutput(first, 'WhatsApp');
		expect(items.filter((item) => typeof item.messageId === 'string')).toHaveLength(250);
		const refused = items.filter((item) => item.error);
		expect(refused).toHaveLength(50);
		for (const item of refused) {
			expect(item.error).toMatch(/^Messaging limit TIER_250 reached: 250 of 250 unique users reached in the last 24 hours by the portfolio; the oldest reach expires at /);
			expect(item).toMatchObject({ refused: 'messagingLimit', tier: 'TIER_250', limit: 250, count: 250 });
		}
		expect(emulator.state.messages).toHaveLength(250);
		expect(refusals(emulator)).toEqual([]);
		const reached = new Set(emulator.state.messages.map((m) => m.to));

		const second = await n8n.execute('wfCampaign000001');
		expect(second.ok, second.output.slice(-2000)).toBe(true);
		expect(emulator.state.messages).toHaveLength(500);
		expect(new Set(emulator.state.messages.slice(250).map((m) => m.to))).toEqual(reached);
		expect(refusals(emulator)).toEqual([]);

		const report = await n8n.execute('wfCampaignReport1');
		expect(report.ok, report.output.slice(-2000)).toBe(true);
		expect(nodeOutput(report, 'WhatsApp')[0]).toMatchObject({ campaign: 'spring', sent: emulator.state.messages.length, refused: { messagingLimit: 100, total: 100 } });
		for (const secret of SECRETS) expect(first.output + second.output).not.toContain(secret);
	});

	describe('the trigger in a running n8n feeds the guard the executions check', () => {
		const sends = { sale: 'campaign-sale', order: 'campaign-order' };
		/** Every event the trigger output, in order. */
		const events = () => (collector.bodies as Array<Array<Record<string, unknown>>>).flat();
		async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const value = probe();
				if (value) return value;
				if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; events: ${JSON.stringify(events().map((e) => e.kind))}\n${n8n.logTail(4000)}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
		/** Sends one template to USER through a production webhook; its outcome: the template the emulator accepted, or the refusal. */
		async function sendOne(kind: keyof typeof sends): Promise<string> {
			const accepted = emulator.state.messages.length;
			const response = await fetch(`${n8n.url}/webhook/${sends[kind]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			const text = await response.text();
			expect(response.status, text).toBe(200);
			const [item] = [JSON.parse(text)].flat() as Array<{ messageId?: string; error?: string }>;
			if (emulator.state.messages.length > accepted) return (emulator.state.messages.at(-1)!.body.template as { name: string }).name;
			return String(item.error);
		}
		/** A change the emulator makes and delivers, signed, to the trigger; waits until the trigger has taken it in. */
		async function deliver(path: string, body: unknown, taken: (event: Record<string, unknown>) => boolean) {
			const seen = events().length;
			const response = await fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			expect(response.status, await response.text()).toBe(200);
			await until(path, () => events().slice(seen).some(taken));
		}

		beforeAll(async () => {
			collector = await new Collector().start();
			for (const workflow of [
				triggerWorkflow(collector.url),
				sendWorkflow('wfCampaignSale01', sends.sale, '9a3e5c7b-2d4f-4b6c-8e0a-1f2b3c4d5e6f', 'spring_sale|en_US', SALE_COMPONENTS),
				sendWorkflow('wfCampaignOrder1', sends.order, '0b4f6d8c-3e5a-4c7d-9f1b-2a3c4d5e6f70', 'order_update|en_US', ORDER_COMPONENTS),
			]) {
				await n8n.importWorkflow(workflow);
				await n8n.activate(workflow.id);
			}
			await n8n.start(await freePort());
			const hookUrl = `${n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
			// Quality and user_preferences are account-level fields: Meta sends them to the app's callback
			// URL only, which the README says to point at the trigger's URL.
			emulator.options.callbackUrl = hookUrl;
			await until('the trigger to subscribe the WABA', () => emulator.state.subscriptions[0]?.overrideCallbackUri === hookUrl, 120_000);
			await n8n.triggerListening(hookUrl);
			emulator.state.requests.length = 0;
		});

		it('a user who sent STOP is refused marketing and still gets a utility template; after a resume event, marketing again', async () => {
			// The emulator counts every template against its tier (emulator/campaign/safety.ts); the guard knows the window.
			for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = 'TIER_2K';
			await deliver('webhooks/inbound', { messages: [{ from: USER, type: 'text', content: { body: 'STOP' } }] }, (e) => e.kind === 'message' && e.text === 'STOP');
			// The trigger's confirmation, sent before the event reached the workflow.
			expect(emulator.state.messages.filter((m) => m.type === 'text' && m.to === USER).map((m) => (m.body.text as { body: string }).body)).toEqual(['You will not receive marketing messages from us any more.']);
			expect(await sendOne('sale')).toMatch(/opted out of marketing \(keyword/);
			expect(await sendOne('order')).toBe('order_update');
			await deliver('user-preferences', { wa_id: USER, value: 'resume' }, (e) => e.kind === 'user_preference');
			expect(await sendOne('sale')).toBe('spring_sale');
			expect(refusals(emulator)).toEqual([]);
		});

		it('RED quality (phone_number_quality_update to the trigger) pauses marketing, not utility; GREEN resumes it', async () => {
			await deliver('quality', { rating: 'RED' }, (e) => e.kind === 'phone_number_quality');
			expect(await sendOne('sale')).toMatch(/^Marketing from 106540352242922 is paused: its quality rating is FLAGGED/);
			expect(await sendOne('order')).toBe('order_update');
			await deliver('quality', { rating: 'GREEN' }, (e) => e.kind === 'phone_number_quality');
			expect(await sendOne('sale')).toBe('spring_sale');
			expect(refusals(emulator)).toEqual([]);
			for (const secret of SECRETS) expect(n8n.serverOutput).not.toContain(secret);
		});
	});
});
