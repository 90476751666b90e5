import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import { PacingWaitError } from '../../nodes/shared/pacing/errors';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { RedisLimits, type RedisClient } from '../../nodes/shared/pacing/redisStore';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';
import { connected, sleep } from './rig';

const BUDGET_ERROR = /Waiting for the hourly management-call budget of the WABA would take .* more than the maximum wait/;

let redis: RedisServer;
/** The platform's budget of 5,000 management calls an hour. */
let emulator: GraphEmulator;
/** Refuses the 4th management call of an hour with 80007, as a WABA with a budget of 3 would. */
let strict: GraphEmulator;
const clients: RedisClient[] = [];
/** The store's key prefix of the running test, so that no test sees another's reservations or blocks. */
let prefix = '';
let tests = 0;

beforeAll(async () => {
	redis = await RedisServer.start();
	emulator = await startEmulator({ token: 'T0ken', appSecret: 'S' });
	strict = await startEmulator({ token: 'T0ken', appSecret: 'S', managementBudget: 3 });
});
beforeEach(() => {
	emulator.reset();
	strict.reset();
	prefix = `test-${++tests}`;
});
afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await emulator?.stop();
	await strict?.stop();
	await redis?.kill();
});

interface WorkerOptions {
	budget: number;
	windowMs?: number;
	logs?: string[];
	graphApi?: GraphEmulator;
}

/** One "process": its own Redis connection, pacer and Graph client, as a queue-mode worker or Node-RED instance has. */
function worker({ budget, windowMs, logs = [], graphApi = emulator }: WorkerOptions) {
	const client = connectRedis(redis.url, (message) => logs.push(message));
	clients.push(client);
	const limits = new RedisLimits(client, prefix);
	const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, shared: limits, log: (message) => logs.push(message), managementBudget: budget, managementWindowMs: windowMs });
	const graph = new GraphClient({ transport: fetchTransport('T0ken'), baseUrl: graphApi.url, apiVersion: 'v24.0' });
	const sentAt: number[] = [];
	/** A management call (counts against the emulator's budget too); records when it left. */
	const manage = (wabaId: string, maxWaitMs?: number) =>
		pacer.run(
			{ kind: 'management', wabaId, repeatable: true },
			() => {
				sentAt.push(Date.now());
				return graph.request({ method: 'GET', path: `${wabaId}/phone_numbers` });
			},
			{ maxWaitMs },
		);
	return { client, limits, pacer, manage, sentAt };
}

const budgetKey = (wabaId: string) => `flowpace:pacing:{${prefix}|waba:${wabaId}}:budget`;

describe('the management budget shared through a real redis-server', () => {
	it('lets two processes reserve no more than the budget per window together, atomically', async () => {
		const [a, b] = [worker({ budget: 10 }), worker({ budget: 10 })];
		await Promise.all([connected(a.client), connected(b.client)]);
		const windowMs = 60_000;
		// 25 reservations at once, alternating between the two connections.
		const waits = await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 2 ? a : b).limits.acquireBudget('waba-atomic', 10, windowMs, Infinity)));
		waits.sort((x, y) => x - y);
		// 10 go now, the next 10 one window after them, the last 5 two windows after (less the ms between the calls).
		expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
		const within = (from: number, to: number) => waits.filter((wait) => wait > from && wait <= to).length;
		expect(within(windowMs - 1000, windowMs)).toBe(10);
		expect(within(2 * windowMs - 1000, 2 * windowMs)).toBe(5);
		// Only the last `budget` reservations are kept, and the set expires after the last one leaves the window.
		expect(await a.client.eval(`return redis.call('ZCARD', KEYS[1])`, 1, budgetKey('waba-atomic'))).toBe(10);
		const ttl = Number(await a.client.eval(`return redis.call('PTTL', KEYS[1])`, 1, budgetKey('waba-atomic')));
		expect(ttl).toBeGreaterThan(3 * windowMs - 1000);
		expect(ttl).toBeLessThanOrEqual(3 * windowMs + 1000);
		// Over the maximum wait: nothing is reserved, and the answer says how long it would be.
		expect(await b.limits.acquireBudget('waba-atomic', 10, windowMs, 60_000)).toBeLessThan(-(2 * windowMs - 1000));
		expect(await a.client.eval(`return redis.call('ZCARD', KEYS[1])`, 1, budgetKey('waba-atomic'))).toBe(10);
	});

	it('makes the 11th call of two pacers with a budget of 10 wait for the window, or fail past the maximum wait', async () => {
		const windowMs = 1500;
		const [a, b] = [worker({ budget: 10, windowMs }), worker({ budget: 10, windowMs })];
		await Promise.all([connected(a.client), connected(b.client)]);
		const wabaId = emulator.state.wabaId;
		const started = Date.now();
		await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).manage(wabaId)));
		const first = [...a.sentAt, ...b.sentAt];
		expect(first).toHaveLength(10);
		expect(Math.max(...first) - started).toBeLessThan(windowMs);

		// B has 10 calls of the window behind it, half of them A's: its 11th would wait ~1.5 s.
		const refused = await b.manage(wabaId, 500).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(PacingWaitError);
		expect((refused as Error).message).toMatch(BUDGET_ERROR);
		expect((refused as Error).message).toMatch(/maximum wait of 0\.5 s/);

		const eleventh = await a.manage(wabaId);
		expect(eleventh.pacing.waitedMs).toBeGreaterThan(500);
		// Redis reserved it a full window after the first of the 10 (clocks in whole ms: 1 ms of rounding).
		expect(a.sentAt.at(-1)!).toBeGreaterThanOrEqual(started + windowMs - 1);
		expect(a.sentAt.length + b.sentAt.length).toBe(11);
		expect(emulator.limits.refused[80007]).toBe(0);
	});

	it('shares a block: a 80007 answer to one process holds the WABA for the other', async () => {
		// The pacers think the budget is 20; the emulator's WABA allows 3 and refuses the 4th for ~60 minutes.
		const [a, b] = [worker({ budget: 20, graphApi: strict }), worker({ budget: 20, graphApi: strict })];
		await Promise.all([connected(a.client), connected(b.client)]);
		const wabaId = strict.state.wabaId;
		for (let i = 0; i < 3; i++) await a.manage(wabaId);
		const refusedA = await a.manage(wabaId).catch((error: unknown) => error);
		expect(refusedA).toBeInstanceOf(PacingWaitError);
		expect((refusedA as Error).message).toMatch(/retry after error 80007/);
		expect(strict.limits.refused[80007]).toBe(1);

		// B has made no call, yet it waits for the same block and does not call the platform.
		const refusedB = await b.manage(wabaId).catch((error: unknown) => error);
		expect(refusedB).toBeInstanceOf(PacingWaitError);
		expect((refusedB as Error).message).toMatch(BUDGET_ERROR);
		expect((refusedB as PacingWaitError).neededMs).toBeGreaterThan(55 * 60_000);
		expect(b.sentAt).toHaveLength(0);
		expect(strict.limits.refused[80007]).toBe(1);
	});

	it('holds the other process for a short block, then lets its call go', async () => {
		const [a, b] = [worker({ budget: 10 }), worker({ budget: 10 })];
		await Promise.all([connected(a.client), connected(b.client)]);
		const wabaId = emulator.state.wabaId;
		const before = Date.now();
		await a.limits.blockBudget(wabaId, 800);
		// A shorter block later does not shorten it.
		await b.limits.blockBudget(wabaId, 100);
		const result = await b.manage(wabaId);
		expect(result.pacing.waitedMs).toBeGreaterThan(600);
		expect(b.sentAt).toHaveLength(1);
		expect(b.sentAt[0]).toBeGreaterThanOrEqual(before + 800 - 1);
	});

	it('falls back to the process’s own budget when Redis dies, logs it once, and shares again when it returns', async () => {
		const logs: string[] = [];
		const windowMs = 2000;
		const w = worker({ budget: 3, windowMs, logs });
		await connected(w.client);
		const wabaId = emulator.state.wabaId;
		const started = Date.now();
		await Promise.all(Array.from({ length: 3 }, () => w.manage(wabaId)));
		expect(await w.client.eval(`return redis.call('ZCARD', KEYS[1])`, 1, budgetKey(wabaId))).toBe(3);

		await redis.kill();
		// The local budget knows the 3 calls made through Redis: the 4th and 5th wait for the window.
		const late = await Promise.all([w.manage(wabaId), w.manage(wabaId)]);
		expect(late.every((r) => r.pacing.waitedMs > 1000)).toBe(true);
		expect(w.sentAt).toHaveLength(5);
		expect(Math.min(...w.sentAt.slice(3))).toBeGreaterThanOrEqual(started + windowMs - 1);
		expect(logs.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);
		expect(logs.filter((l) => l.includes('reachable again'))).toHaveLength(0);

		await redis.restart();
		await connected(w.client);
		await w.manage(wabaId);
		expect(logs.filter((l) => l.includes('reachable again'))).toHaveLength(1);
		expect(logs.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);
		// Back on Redis (a fresh one, without persistence): the reservation is in the shared set.
		expect(await w.client.eval(`return redis.call('ZCARD', KEYS[1])`, 1, budgetKey(wabaId))).toBe(1);
	});
});
