import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { RedisServer } from '../../scripts/redisServer';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { PACKAGE } from './n8nHost';
import { N8nQueue } from './n8nQueue';

const CREDENTIAL = 'credQueue0000001';
const TRIGGER_ID = '0b6f3c52-8f0e-4d8a-9a51-3c2e7d9b1f10';
const credentials = { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POST /webhook/campaign {run, count, recipients, keyed} -> `count` items to `recipients` numbers
 * (each recipient's items together, as a list sorted by recipient is) -> Send Text; with `keyed`,
 * the Idempotency Key is the campaign and the recipient. An item's failure is its own output.
 */
const campaignWorkflow = {
	id: 'wfQueueCampaign1',
	name: 'campaign',
	active: false,
	settings: {},
	connections: { Hook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] }, Recipients: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
	nodes: [
		{ id: 'h1', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '2f5d8a61-0c3b-4e7f-8a9d-1b2c3d4e5f60', parameters: { httpMethod: 'POST', path: 'campaign', responseMode: 'onReceived', options: {} } },
		{
			id: 'r1',
			name: 'Recipients',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode: `const { run, count, recipients, keyed } = $input.first().json.body;
return Array.from({ length: count }, (_, i) => {
	const to = '+4915100' + String(Math.floor((i * recipients) / count)).padStart(5, '0');
	return { json: { to, body: 'run ' + run + ' item ' + i, key: keyed ? 'spring:' + to : '' } };
});`,
			},
		},
		{
			id: 'w1',
			name: 'WhatsApp',
			type: `${PACKAGE}.whatsAppPlatform`,
			typeVersion: 1,
			position: [400, 0],
			onError: 'continueRegularOutput',
			parameters: { resource: 'message', operation: 'sendText', to: '={{ $json.to }}', body: '={{ $json.body }}', idempotencyKey: '={{ $json.key }}' },
			credentials,
		},
	],
};

/** Trigger -> HTTP Request to the test's collector: one body per execution. */
const triggerWorkflow = (collectorUrl: string) => ({
	id: 'wfQueueTrigger01',
	name: 'inbound',
	active: false,
	settings: {},
	connections: { Trigger: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } },
	nodes: [
		{ id: 't1', name: 'Trigger', type: `${PACKAGE}.whatsAppPlatformTrigger`, typeVersion: 1, position: [0, 0], webhookId: TRIGGER_ID, parameters: { fields: [], options: {} }, credentials },
		{
			id: 'c1',
			name: 'Collect',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [220, 0],
			executeOnce: true,
			parameters: { method: 'POST', url: collectorUrl, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($input.all().map((item) => item.json)) }}', options: {} },
		},
	],
});

describe('n8n queue mode (main, webhook process, two workers, PostgreSQL, Redis): one limit across every process', () => {
	let emulator: GraphEmulator;
	let rig: N8nQueue;
	/** The package's Redis URL: its own server, so that killing it leaves n8n's queue running. */
	let pacing: RedisServer;
	let collector: Collector;

	const campaign = (body: Record<string, unknown>) =>
		fetch(`${rig.url('webhook')}/webhook/campaign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => expect(r.status).toBe(200));

	async function messagesReach(count: number, timeoutMs = 150_000) {
		const deadline = Date.now() + timeoutMs;
		while (emulator.state.messages.length < count) {
			if (Date.now() > deadline) throw new Error(`${emulator.state.messages.length} of ${count} messages after ${timeoutMs} ms\n${rig.logs.slice(-6000)}`);
			await sleep(250);
		}
	}

	/** Messages per second over the run's span (first to last accepted). */
	function achieved() {
		const times = emulator.state.messages.map((m) => m.at);
		return (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
	}

	beforeAll(async () => {
		emulator = await startTestEmulator();
		pacing = await RedisServer.start();
		collector = await new Collector().start();
		rig = await N8nQueue.create(inject('tarball'));
		await rig.n8n.importCredentials([
			{
				id: CREDENTIAL,
				name: CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, throughput: 'standard', maxWaitSeconds: '300', redisUrl: pacing.url },
			},
		]);
		await rig.n8n.importWorkflow(campaignWorkflow);
		await rig.n8n.importWorkflow(triggerWorkflow(collector.url));
		await rig.n8n.activate(campaignWorkflow.id);
		await rig.n8n.activate('wfQueueTrigger01');
		await rig.start();
		// Webhooks register a little after the servers answer.
		for (const deadline = Date.now() + 60_000; ; await sleep(500)) {
			const probe = await fetch(`${rig.url('webhook')}/webhook/campaign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":0,"recipients":1}' });
			if (probe.status === 200) break;
			if (Date.now() > deadline) throw new Error(`campaign webhook not registered:\n${rig.logs.slice(-4000)}`);
		}
	});

	afterAll(async () => {
		await rig?.stop();
		await pacing?.kill();
		await collector?.stop();
		await emulator?.stop();
	});

	// The rate is printed, not asserted: each recipient's 20 messages come from four executions whose
	// items keep their order per recipient, so they do not all fit one pair-limit burst and the pair
	// limit (1 message per 6 s after a burst) sets the pace, below the number's 80 msg/s.
	it('four executions of 500 items started together, over both workers, to 100 shared recipients: zero refusals, no second over 80', async () => {
		emulator.reset();
		await Promise.all([1, 2, 3, 4].map((run) => campaign({ run, count: 500, recipients: 100 })));
		await messagesReach(2000);
		const rate = achieved();
		// eslint-disable-next-line no-console
		console.log(`n8n queue mode: 2,000 messages at ${rate.toFixed(1)} msg/s, busiest second ${emulator.limits.busiestSecond(PHONE_NUMBER_ID)}`);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		for (const worker of rig.workers) expect(worker.logs).toContain('Worker started execution');
	});

	it('Redis killed mid-run and back 10 s later: no crash, every item sent, zero limit errors', async () => {
		emulator.reset();
		await Promise.all([1, 2, 3, 4].map((run) => campaign({ run: run + 10, count: 500, recipients: 100 })));
		await messagesReach(600);
		await pacing.kill();
		await sleep(10_000);
		await pacing.restart();
		await messagesReach(2000, 180_000);
		await sleep(2000);
		// eslint-disable-next-line no-console
		console.log(`n8n queue mode, Redis down 10 s: 2,000 messages at ${achieved().toFixed(1)} msg/s, busiest second ${emulator.limits.busiestSecond(PHONE_NUMBER_ID)}`);
		expect(emulator.state.messages).toHaveLength(2000);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		expect(rig.workers).toHaveLength(2);
		for (const worker of rig.workers) expect(worker.logs.match(/pacing: Redis unreachable/g)?.length ?? 0).toBeLessThanOrEqual(1);
		expect(rig.workers.some((worker) => worker.logs.includes('pacing: Redis is reachable again'))).toBe(true);
		for (const secret of SECRETS) expect(rig.logs).not.toContain(secret);
	});

	it('the same signed delivery posted to the main and the webhook process runs one execution', async () => {
		const raw = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ type: 'text', content: { body: 'once' } }])] }] });
		const signature = 'sha256=' + createHmac('sha256', APP_SECRET).update(raw).digest('hex');
		const post = (base: string) => fetch(`${base}/webhook/${TRIGGER_ID}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw });
		const answers = await Promise.all([post(rig.url('main')), post(rig.url('webhook'))]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		await collector.waitFor(1);
		await sleep(5000);
		expect(collector.bodies).toHaveLength(1);
	});
});
