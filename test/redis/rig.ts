import { afterAll, beforeAll, beforeEach } from 'vitest';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import type { Transport } from '../../nodes/shared/graph/transport';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { RedisLimits, type RedisClient } from '../../nodes/shared/pacing/redisStore';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';

export const PHONE = '106540352242922';
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A real redis-server and the emulator for one test file (the emulator reset before each test), and
 * "processes" that pace one number through that Redis, as n8n workers or Node-RED instances do.
 */
export function redisRig() {
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

	/** One process: its own Redis connection, pacer and Graph client (`transport` to make its requests late). */
	function worker({ logs = [], transport = fetchTransport('T0ken') }: { logs?: string[]; transport?: Transport } = {}) {
		const client = connectRedis(redis.url, (message) => logs.push(message));
		clients.push(client);
		const limits = new RedisLimits(client, emulator.url);
		const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, shared: limits, log: (message) => logs.push(message) });
		const graph = new GraphClient({ transport, baseUrl: emulator.url, apiVersion: 'v24.0' });
		const send = (to: string) =>
			pacer.run({ kind: 'message', phoneNumberId: PHONE, recipient: to }, () =>
				graph.request({ method: 'POST', path: `${PHONE}/messages`, body: { messaging_product: 'whatsapp', to, type: 'text', text: { body: 'hi' } } }),
			);
		return { client, limits, pacer, send };
	}

	return {
		get redis() {
			return redis;
		},
		get emulator() {
			return emulator;
		},
		worker,
		connected,
		busiestSecond: () => emulator.limits.busiestSecond(PHONE),
	};
}

/** Resolves once the client answers again (after a connect, or Redis's restart). */
export async function connected(client: RedisClient) {
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
