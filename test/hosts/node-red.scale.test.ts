import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { RedisServer } from '../../scripts/redisServer';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

const PER_INSTANCE = 1000;
const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-scale-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * inject -> function (two campaigns of 500 to 100 shared recipients, side by side, each recipient's
 * messages together) -> send -> file; and a webhook -> file. The same flows on both instances, one Redis.
 */
function flows(instance: number, baseUrl: string) {
	const campaign = `const run = msg.payload;
for (let i = 0; i < 500; i++) for (let c = 0; c < 2; c++) node.send({ payload: { to: '+4915100' + String(Math.floor(i / 5)).padStart(5, '0'), body: 'run ' + run + ' ${instance}.' + c + ' item ' + i } });
return null;`;
	const file = (id: string, name: string) => ({ id, type: 'file', z: 'tab1', filename: join(out, `${name}-${instance}.jsonl`), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] });
	return [
		{ id: 'tab1', type: 'tab', label: 'Campaign' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, throughput: 'standard', maxWaitSeconds: '300' },
		{ id: 'start', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['campaign']] },
		{ id: 'campaign', type: 'function', z: 'tab1', func: campaign, outputs: 1, wires: [['send']] },
		{ id: 'send', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendText', params: {}, wires: [['results']] },
		file('results', 'results'),
		{ id: 'catch-all', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['errors']] },
		file('errors', 'errors'),
		{ id: 'hook', type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path: '/whatsapp', wires: [['inbound']] },
		file('inbound', 'inbound'),
	];
}

describe('two real Node-RED 5 instances sharing one Redis: one limit, one run per delivery', () => {
	let redis: RedisServer;
	let emulator: GraphEmulator;
	const instances: NodeRedHost[] = [];
	const lines = (name: string) => instances.flatMap((red, i) => red.readJsonLines(join(out, `${name}-${i + 1}.jsonl`)));

	/** Starts the campaign on both instances; resolves when every message has an output or an error. */
	async function campaign(during?: () => Promise<void>, timeoutMs = 240_000) {
		const before = lines('results').length + lines('errors').length;
		emulator.reset();
		await Promise.all(instances.map((red) => red.inject('start')));
		await during?.();
		await instances[0].waitFor(() => lines('results').length + lines('errors').length - before >= 2 * PER_INSTANCE, timeoutMs);
	}

	beforeAll(async () => {
		redis = await RedisServer.start();
		emulator = await startTestEmulator();
		for (const instance of [1, 2]) {
			const red = await NodeRedHost.create(inject('tarball'));
			red.writeFlows(flows(instance, emulator.url), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, redisUrl: redis.url } });
			await red.start();
			instances.push(red);
		}
		for (const red of instances) await red.waitFor(() => red.output.includes('Redis reached'));
	});

	afterAll(async () => {
		for (const red of instances) await red.stop();
		await emulator?.stop();
		await redis?.kill();
	});

	const achieved = () => {
		const times = emulator.state.messages.map((m) => m.at);
		return (times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
	};

	// Each recipient's 20 messages fit one burst, so the limits allow the number's 80 msg/s. A
	// recipient whose burst closed before its last messages came makes them wait its debt (about
	// 2 minutes): the rate falls to the pair limit's pace, 100 recipients / 6 s, about 16 msg/s.
	it('2,000 messages from both instances to 100 shared recipients: each recipient\'s in one burst, near 80 msg/s, zero refusals, no second over 80', async () => {
		await campaign();
		const rate = achieved();
		// eslint-disable-next-line no-console
		console.log(`Node-RED x2: 2,000 messages at ${rate.toFixed(1)} msg/s, busiest second ${emulator.limits.busiestSecond(PHONE_NUMBER_ID)}`);
		expect(emulator.state.messages).toHaveLength(2 * PER_INSTANCE);
		expect(rate).toBeGreaterThan(0.95 * 80);
		expect(emulator.limits.refused, JSON.stringify(emulator.limits.pairRefusals)).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
	});

	it('Redis killed mid-run and back 10 s later: every message sent, zero limit errors, each change logged once', { timeout: 480_000 }, async () => {
		await campaign(async () => {
			// The campaign before left each recipient two minutes of debt: the first sends wait for it.
			await instances[0].waitFor(() => emulator.state.messages.length >= 500, 200_000);
			await redis.kill();
			await sleep(10_000);
			await redis.restart();
			// The first sends wait out the debts the campaign before left; the recipients seen as Redis
			// died wait for it, then each a debt of its own: some 4 minutes in all on this machine.
		}, 420_000);
		// eslint-disable-next-line no-console
		console.log(`Node-RED x2, Redis down 10 s: 2,000 messages at ${achieved().toFixed(1)} msg/s, busiest second ${emulator.limits.busiestSecond(PHONE_NUMBER_ID)}`);
		expect(emulator.state.messages).toHaveLength(2 * PER_INSTANCE);
		expect(lines('errors')).toEqual([]);
		expect(emulator.limits.refused, JSON.stringify(emulator.limits.pairRefusals)).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		for (const red of instances) {
			expect(red.output.match(/pacing: Redis unreachable/g) ?? []).toHaveLength(1);
			for (const secret of SECRETS) expect(red.output).not.toContain(secret);
		}
	});

	it('the same signed delivery posted to both instances comes out of one', async () => {
		const raw = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ type: 'text', content: { body: 'once' } }])] }] });
		const signature = 'sha256=' + createHmac('sha256', APP_SECRET).update(raw).digest('hex');
		const answers = await Promise.all(instances.map((red) => fetch(`${red.url}/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw })));
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		await instances[0].waitFor(() => lines('inbound').length >= 1);
		await sleep(2000);
		expect(lines('inbound')).toHaveLength(1);
	});
});
