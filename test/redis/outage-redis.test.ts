import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { RedisLimits, type RedisClient } from '../../nodes/shared/pacing/redisStore';
import { fetchTransport } from '../../nodes/node-red/transport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';

const PHONE = '106540352242922';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let redis: RedisServer;
let emulator: GraphEmulator;
const clients: RedisClient[] = [];

beforeAll(async () => {
	redis = await RedisServer.start();
	emulator = await startEmulator({ token: 'T0ken', appSecret: 'S' });
});
beforeEach(() => emulator.reset());
afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await emulator?.stop();
	await redis?.kill();
});

/** One "process" (a worker, a Node-RED instance): its own connection, pacer and client. */
function process(logs: string[]) {
	const client = connectRedis(redis.url, (message) => logs.push(message));
	clients.push(client);
	const limits = new RedisLimits(client, emulator.url);
	const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, shared: limits, log: (message) => logs.push(message) });
	const graph = new GraphClient({ transport: fetchTransport('T0ken'), baseUrl: emulator.url, apiVersion: 'v24.0' });
	const send = (to: string) =>
		pacer.run({ kind: 'message', phoneNumberId: PHONE, recipient: to }, () =>
			graph.request({ method: 'POST', path: `${PHONE}/messages`, body: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } } }),
		);
	return { client, limits, send };
}

/** Sends `count` messages, `inFlight` at a time, as a flow fed message by message does: slots are asked for all along the run. */
async function stream(send: (to: string) => Promise<unknown>, prefix: string, count: number, inFlight: number) {
	let next = 0;
	const lane = async () => {
		while (next < count) await send(`${prefix}${String(next++).padStart(4, '0')}`);
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
}

async function reachable(client: RedisClient) {
	for (let i = 0; i < 100; i++) {
		try {
			await client.eval('return 1', 0);
			return;
		} catch {
			await sleep(100);
		}
	}
	throw new Error('Redis did not come back');
}

describe('Redis outage: every process keeps its share of the limit', () => {
	it('counts the processes sharing a number by their heartbeats', async () => {
		const three = [process([]), process([]), process([])];
		await Promise.all(three.map((p) => reachable(p.client)));
		for (const p of three) await p.limits.acquire('heartbeat-test', 80, 0, Infinity);
		expect(three.map((p) => p.limits.sharers('heartbeat-test'))).toEqual([1, 2, 3]);
		await three[0].limits.acquire('heartbeat-test', 80, 0, Infinity);
		expect(three[0].limits.sharers('heartbeat-test')).toBe(3);
	});

	it('two processes through a 2 s outage and back: under 80 msg/s in every second, zero refusals, each change logged once', async () => {
		const logs = [[], []] as string[][];
		const [a, b] = [process(logs[0]), process(logs[1])];
		await Promise.all([reachable(a.client), reachable(b.client)]);
		const started = Date.now();
		const run = Promise.all([stream(a.send, '4917100', 300, 8), stream(b.send, '4917200', 300, 8)]);
		await sleep(1500);
		await redis.kill();
		const during = emulator.state.messages.length;
		await sleep(2000);
		const sentInOutage = emulator.state.messages.length - during;
		await redis.restart();
		await run;
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`outage run: 600 messages in ${seconds.toFixed(1)} s, ${sentInOutage} during the 2 s outage, busiest second ${emulator.limits.busiestSecond(PHONE)}`);

		expect(emulator.state.messages).toHaveLength(600);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE)).toBeLessThanOrEqual(80);
		// Each paced at half the number's 80 msg/s while Redis was away: together at most the limit.
		expect(sentInOutage).toBeLessThanOrEqual(2 * 80 + 2);
		for (const log of logs) {
			expect(log.filter((line) => line.includes('Redis unreachable'))).toHaveLength(1);
			expect(log.find((line) => line.includes('Redis unreachable'))).toContain('up to 2');
			expect(log.filter((line) => line.includes('reachable again'))).toHaveLength(1);
		}
	});
});
