import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

const PER_INSTANCE = 120;
const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-redis-'));

/** inject -> function (120 messages at once) -> send -> file, on an account whose pacing goes through Redis. */
function flows(instance: number, baseUrl: string) {
	const burst = `for (let i = 0; i < ${PER_INSTANCE}; i++) node.send({ payload: { to: '+4915${instance}' + String(i).padStart(8, '0') } });\nreturn null;`;
	return [
		{ id: 'tab1', type: 'tab', label: 'Campaign' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, throughput: 'standard', maxWaitSeconds: '60' },
		{ id: 'start', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['burst']] },
		{ id: 'burst', type: 'function', z: 'tab1', func: burst, outputs: 1, wires: [['send']] },
		{ id: 'send', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendText', params: { body: 'Spring sale starts tomorrow' }, wires: [['results']] },
		{ id: 'results', type: 'file', z: 'tab1', filename: join(out, `results-${instance}.jsonl`), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] },
		{ id: 'catch-all', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['errors']] },
		{ id: 'errors', type: 'file', z: 'tab1', filename: join(out, `errors-${instance}.jsonl`), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] },
	];
}

describe('pacing through Redis in two real Node-RED 5 instances, with the Redis client the package bundles', () => {
	let redis: RedisServer;
	let emulator: GraphEmulator;
	const instances: NodeRedHost[] = [];

	beforeAll(async () => {
		redis = await RedisServer.start();
		emulator = await startTestEmulator();
		for (const instance of [1, 2]) {
			const red = await NodeRedHost.create(inject('tarball'));
			red.writeFlows(flows(instance, emulator.url), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, redisUrl: redis.url } });
			await red.start();
			instances.push(red);
		}
	});

	afterAll(async () => {
		for (const red of instances) await red.stop();
		await emulator?.stop();
		await redis?.kill();
	});

	it('share one number\'s 80 msg/s: 240 messages together take 3 s, never over the limit, with no refusal', async () => {
		for (const red of instances) await red.waitFor(() => red.output.includes('token verified'));
		emulator.reset();
		await Promise.all(instances.map((red) => red.inject('start')));
		await Promise.all(instances.map((red, i) => red.waitFor(() => red.readJsonLines(join(out, `results-${i + 1}.jsonl`)).length >= PER_INSTANCE, 60_000)));

		for (const [i, red] of instances.entries()) expect(red.readJsonLines(join(out, `errors-${i + 1}.jsonl`))).toEqual([]);
		expect(emulator.state.messages).toHaveLength(2 * PER_INSTANCE);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		// Each instance alone would send its 120 in 1.5 s; sharing the number's budget, both take 3 s.
		const times = emulator.state.messages.map((message) => message.at);
		expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2_900);

		const client = new Redis(redis.url);
		try {
			expect((await client.keys('*')).length).toBeGreaterThan(0);
		} finally {
			client.disconnect();
		}
		for (const red of instances) {
			expect(red.output).not.toMatch(/Redis (connection error|unreachable)/);
			for (const secret of SECRETS) expect(red.output).not.toContain(secret);
		}
	});
});
