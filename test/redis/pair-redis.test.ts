import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import type { Transport } from '../../nodes/shared/graph/transport';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { RedisLimits, type RedisClient } from '../../nodes/shared/pacing/redisStore';
import { fetchTransport } from '../../nodes/node-red/transport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';

const PHONE = '106540352242922';
const RECIPIENTS = 40;
const PER_PROCESS = 150;
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

/**
 * A loaded host: between the pacer's go and the request's arrival, a busy event loop or network
 * adds up to `lateMs` (one request in ten as late as that, the rest up to a tenth of it).
 */
function lateTransport(lateMs: number): Transport {
	const transport = fetchTransport('T0ken');
	return async (req) => {
		await sleep(Math.random() < 0.1 ? Math.random() * lateMs : (Math.random() * lateMs) / 10);
		return transport(req);
	};
}

/** One process (a worker, a Node-RED instance): its own Redis connection, pacer and client. */
function process(lateMs: number) {
	const client = connectRedis(redis.url, () => undefined);
	clients.push(client);
	const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, shared: new RedisLimits(client, emulator.url), log: () => undefined });
	const graph = new GraphClient({ transport: lateTransport(lateMs), baseUrl: emulator.url, apiVersion: 'v24.0' });
	return (to: string) =>
		pacer.run({ kind: 'message', phoneNumberId: PHONE, recipient: to }, () =>
			graph.request({ method: 'POST', path: `${PHONE}/messages`, body: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } } }),
		);
}

/** A campaign: every recipient in turn, `inFlight` items at a time, as a host's batch does. */
async function campaign(send: (to: string) => Promise<unknown>, inFlight: number) {
	let next = 0;
	const failures: string[] = [];
	const lane = async () => {
		while (next < PER_PROCESS) {
			const to = `49171${String(next++ % RECIPIENTS).padStart(6, '0')}`;
			await send(to).catch((error: Error) => failures.push(error.message));
		}
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
	return failures;
}

describe('The pair limit shared by four processes through Redis', () => {
	it(`four campaigns of ${PER_PROCESS} to ${RECIPIENTS} shared recipients, requests up to 1.5 s late: zero refusals`, async () => {
		const processes = Array.from({ length: 4 }, () => process(1500));
		const started = Date.now();
		const failures = (await Promise.all(processes.map((send) => campaign(send, 50)))).flat();
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`shared pair limit: ${emulator.state.messages.length} messages in ${seconds.toFixed(1)} s, refused ${JSON.stringify(emulator.limits.refused)}, busiest second ${emulator.limits.busiestSecond(PHONE)}`);
		expect(failures).toEqual([]);
		expect(emulator.state.messages).toHaveLength(4 * PER_PROCESS);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
	}, 180_000);

	it('the same with Redis killed for 10 s mid-run: every item sent, zero refusals', async () => {
		const processes = Array.from({ length: 4 }, () => process(200));
		const started = Date.now();
		const run = Promise.all(processes.map((send) => campaign(send, 50)));
		await sleep(3000);
		await redis.kill();
		await sleep(10_000);
		await redis.restart();
		const failures = (await run).flat();
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`pair limit through an outage: ${emulator.state.messages.length} messages in ${seconds.toFixed(1)} s, refused ${JSON.stringify(emulator.limits.refused)}, busiest second ${emulator.limits.busiestSecond(PHONE)}`);
		expect(failures).toEqual([]);
		expect(emulator.state.messages).toHaveLength(4 * PER_PROCESS);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
	}, 240_000);
});
