import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { RedisServer } from '../../scripts/redisServer';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { PACKAGE, triggerListening } from './n8nHost';
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

describe('n8n queue mode (main, webhook process, two workers, PostgreSQL, Redis): one run per delivery across processes', () => {
	let emulator: GraphEmulator;
	let rig: N8nQueue;
	/** The package's Redis URL: its own server, apart from n8n's queue. */
	let pacing: RedisServer;
	let collector: Collector;

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
		for (const process of ['main', 'webhook'] as const) await triggerListening(`${rig.url(process)}/webhook/${TRIGGER_ID}/webhook`, () => rig.logs.slice(-4000));
	});

	afterAll(async () => {
		await rig?.stop();
		await pacing?.kill();
		await collector?.stop();
		await emulator?.stop();
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
		for (const secret of SECRETS) expect(rig.logs).not.toContain(secret);
	});
});
