import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../nodes/shared/account/open';
import { findOperation } from '../../nodes/shared/catalog';
import { normaliseSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import type { RedisClient } from '../../nodes/shared/pacing/redisStore';
import { runOperation } from '../../nodes/shared/run';
import { checkRedis } from '../../nodes/shared/scale/check';
import { SharedDeduplicator } from '../../nodes/shared/scale/dedup';
import { noteSentMessages } from '../../nodes/shared/scale/statusFeed';
import { idempotencyOption, LATER_STATUS_MS, MemoryIdempotency, SENT_PER_RECIPIENT, UnsettledKeyError, type IdempotencyStore } from '../../nodes/shared/scale/idempotency';
import { RedisIdempotency } from '../../nodes/shared/scale/redisIdempotency';
import { normalise, parseDelivery } from '../../nodes/shared/webhook';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';

const TOKEN = 'T0ken-scale';
const PHONE = '106540352242922';
const sendText = findOperation('message', 'sendText')!;

let redis: RedisServer;
let guarded: RedisServer;
let emulator: GraphEmulator;
const clients: RedisClient[] = [];

beforeAll(async () => {
	redis = await RedisServer.start();
	guarded = await RedisServer.start(['--requirepass', 'right-pass']);
	emulator = await startEmulator({ token: TOKEN, appSecret: 'S' });
});
beforeEach(async () => {
	emulator.reset();
	// Each test starts from an empty store: a status one test stamps a minute ahead would settle another's key.
	await connection().eval(`redis.call('FLUSHALL') return 0`, 0);
});
afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await emulator?.stop();
	await redis?.kill();
	await guarded?.kill();
});

function connection(url = redis.url, logs: string[] = []) {
	const client = connectRedis(url, (message) => logs.push(message));
	clients.push(client);
	return client;
}

/** One process's send path: its own client and store of keys; `settleWaitMs`: how long it waits on a key another send holds. */
function sender(store: IdempotencyStore, settleWaitMs = 0) {
	const account = normaliseSettings({ accessToken: TOKEN, phoneNumberId: PHONE, baseUrl: emulator.url });
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: emulator.url, apiVersion: account.apiVersion });
	return async (to: string, key: string) => {
		let skipped = false;
		const option = idempotencyOption(key, 1)!;
		const output = (await runOperation(sendText, { to, body: 'Spring sale' }, { client, account, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), once: { option, store, settleWaitMs, onSkipped: () => (skipped = true) } })) as { messages: Array<{ id: string }> };
		return { id: output.messages[0].id, skipped };
	};
}

describe('Idempotency Key', () => {
	it('a key accepted by one process is skipped by another, with the earlier message ID', async () => {
		const first = sender(new RedisIdempotency(connection(), emulator.url, () => undefined));
		const second = sender(new RedisIdempotency(connection(), emulator.url, () => undefined));
		const sent = await first('+16505551234', 'spring:+16505551234');
		const again = await second('+16505551234', 'spring:+16505551234');
		expect(sent.skipped).toBe(false);
		expect(again).toEqual({ id: sent.id, skipped: true });
		expect(emulator.state.messages).toHaveLength(1);
		// Another key is another send.
		await second('+16505551234', 'summer:+16505551234');
		expect(emulator.state.messages).toHaveLength(2);
	});

	it('in memory without Redis: the same skip within the process', async () => {
		const send = sender(new MemoryIdempotency());
		const sent = await send('+16505551235', 'k1');
		expect(await send('+16505551235', 'k1')).toEqual({ id: sent.id, skipped: true });
		expect(emulator.state.messages).toHaveLength(1);
	});

	it('refuses a key over 512 characters before any request', async () => {
		const send = sender(new MemoryIdempotency());
		await expect(send('+16505551236', 'k'.repeat(513))).rejects.toThrow(ValidationError);
		await expect(send('+16505551236', 'k'.repeat(513))).rejects.toThrow('Invalid Idempotency Key (idempotencyKey): is 513 characters long, more than the limit of 512');
		expect(emulator.state.messages).toHaveLength(0);
		expect(idempotencyOption('k'.repeat(512), '')?.ttlMs).toBe(168 * 3_600_000);
	});

	it('a run stopped while it looks at its keys leaves them free: the next run sends at once', async () => {
		// The process stops right after its first call to Redis (a worker killed as it begins an item).
		const stopping = new RedisIdempotency(connection(), emulator.url, () => undefined);
		const stopped = new Promise<never>(() => undefined);
		let calls = 0;
		for (const method of ['claim', 'look', 'release', 'settle', 'accepted'] as const) {
			const real = (stopping[method] as (...args: unknown[]) => Promise<unknown>).bind(stopping);
			(stopping as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (calls++ === 0 ? real(...args).then(() => stopped) : stopped);
		}
		void sender(stopping)('+16505551247', 'stopped:+16505551247');
		for (let waited = 0; calls === 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
		await new Promise((resolve) => setTimeout(resolve, 100));
		const sent = await sender(new RedisIdempotency(connection(), emulator.url, () => undefined))('+16505551247', 'stopped:+16505551247');
		expect(sent.skipped).toBe(false);
		expect(emulator.state.messages).toHaveLength(1);
	});

	it('a key left claimed by a process that stopped mid-send, with no status of it since, is not sent again', async () => {
		const store = new RedisIdempotency(connection(), emulator.url, () => undefined);
		// A worker killed after its request left: the claim is there, the answer never recorded.
		expect(await store.claim('cut-off', 'killed-worker', 60_000, '+16505551237')).toEqual({ state: 'claimed' });
		// A status of an earlier message to the same user says nothing of this one, nor does a status of
		// another user's message from less than a minute after the claim.
		await noteSentMessages(store, normalise(parseDelivery(statusDelivery('wamid.earlier', '16505551237', Date.now() - 60_000))));
		await noteSentMessages(store, normalise(parseDelivery(statusDelivery('wamid.other', '16505550000', Date.now() + LATER_STATUS_MS - 5000))));
		await expect(sender(store)('+16505551237', 'cut-off')).rejects.toThrow(UnsettledKeyError);
		await expect(sender(store, 2500)('+16505551237', 'cut-off')).rejects.toThrow(/no status webhook showed its message, nor that it never arrived/);
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('a key whose request never arrived is sent once statuses of messages a minute after its claim came and none of it (Redis and memory)', async () => {
		let clock = Date.now();
		const now = () => clock;
		for (const [worker, receiver] of [
			[new RedisIdempotency(connection(), emulator.url, () => undefined, now), new RedisIdempotency(connection(), emulator.url, () => undefined, now)],
			[new MemoryIdempotency(now), undefined],
		] as Array<[IdempotencyStore, IdempotencyStore | undefined]>) {
			emulator.reset();
			const key = `never-arrived:${worker.constructor.name}`;
			expect(await worker.claim(key, 'killed-worker', 600_000, '+16505551241')).toEqual({ state: 'claimed' });
			// A status stamped a minute on, but ahead of the receiver's clock, proves nothing yet.
			await noteSentMessages(receiver ?? worker, normalise(parseDelivery(statusDelivery('wamid.ahead', '16505550001', clock + LATER_STATUS_MS + 1000))));
			await expect(sender(worker)('+16505551241', key)).rejects.toThrow(UnsettledKeyError);
			clock += LATER_STATUS_MS + 1000;
			await noteSentMessages(receiver ?? worker, normalise(parseDelivery(statusDelivery('wamid.later', '16505550001', clock))));
			const sent = await sender(worker)('+16505551241', key);
			expect(sent.skipped, worker.constructor.name).toBe(false);
			expect(emulator.state.messages.map((message) => message.to)).toEqual(['16505551241']);
			// Sent once: the next run skips it with that message.
			expect(await sender(receiver ?? worker)('+16505551241', key)).toEqual({ id: sent.id, skipped: true });
			expect(emulator.state.messages).toHaveLength(1);
		}
	});

	it('a key is not freed when more messages to its recipient came than are kept since its claim (its status may be among those dropped)', async () => {
		const claimedAt = Date.now();
		let clock = claimedAt;
		const store = new RedisIdempotency(connection(), emulator.url, () => undefined, () => clock);
		expect(await store.claim('busy-recipient', 'killed-worker', 600_000, '+16505551242')).toEqual({ state: 'claimed' });
		// More messages to the same user than are kept, all after the claim's window.
		clock += STATUS_WINDOW_AFTER + 60_000;
		for (let i = 0; i <= SENT_PER_RECIPIENT; i++) {
			await noteSentMessages(store, normalise(parseDelivery(statusDelivery(`wamid.next${i}`, '16505551242', claimedAt + STATUS_WINDOW_AFTER + i * 1000))));
		}
		await expect(sender(store)('+16505551242', 'busy-recipient')).rejects.toThrow(UnsettledKeyError);
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('a message keeps the stamp of its first status: its later `read` does not unsettle the key it settled', async () => {
		const store = new RedisIdempotency(connection(), emulator.url, () => undefined);
		expect(await store.claim('read-later', 'killed-worker', 60_000, '+16505551243')).toEqual({ state: 'claimed' });
		await noteSentMessages(store, normalise(parseDelivery(statusDelivery('wamid.read-later', '16505551243', Date.now()))));
		await noteSentMessages(store, normalise(parseDelivery(statusDelivery('wamid.read-later', '16505551243', Date.now() + 3_600_000, 'read'))));
		expect(await sender(store)('+16505551243', 'read-later')).toEqual({ id: 'wamid.read-later', skipped: true });
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('waits for a key another send holds: a status that comes meanwhile settles it; two runs at once send once', async () => {
		const store = new RedisIdempotency(connection(), emulator.url, () => undefined);
		expect(await store.claim('in-flight', 'other-worker', 60_000, '+16505551244')).toEqual({ state: 'claimed' });
		const waiting = sender(store, 20_000)('+16505551244', 'in-flight');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await noteSentMessages(store, normalise(parseDelivery(statusDelivery('wamid.in-flight', '16505551244', Date.now()))));
		expect(await waiting).toEqual({ id: 'wamid.in-flight', skipped: true });
		// Two processes run the same item at once: one sends, the other waits for its answer.
		const [a, b] = await Promise.all([
			sender(new RedisIdempotency(connection(), emulator.url, () => undefined), 20_000)('+16505551245', 'twice-at-once'),
			sender(new RedisIdempotency(connection(), emulator.url, () => undefined), 20_000)('+16505551245', 'twice-at-once'),
		]);
		expect(a.id).toBe(b.id);
		expect([a.skipped, b.skipped].sort()).toEqual([false, true]);
		expect(emulator.state.messages).toHaveLength(1);
	});

	/** The store of the process that was cut off, and of the one the status webhook reached. */
	type Stores = () => [IdempotencyStore, IdempotencyStore?];
	for (const [where, storeOf] of [
		['Redis, the status noted by another process', () => [new RedisIdempotency(connection(), emulator.url, () => undefined), new RedisIdempotency(connection(), emulator.url, () => undefined)]],
		['memory, in one process', () => [new MemoryIdempotency()]],
	] as Array<[string, Stores]>) {
		it(`a send cut off after it arrived is settled from its status webhook: skipped with that message ID (${where})`, async () => {
			const [worker, receiver = worker] = storeOf();
			const key = `cut-after-arrival:${where}`;
			expect(await worker.claim(key, 'killed-worker', 60_000, '+1 (650) 555-1240')).toEqual({ state: 'claimed' });
			await noteSentMessages(receiver, normalise(parseDelivery(statusDelivery('wamid.arrived', '16505551240', Date.now()))));
			expect(await sender(worker)('+16505551240', key)).toEqual({ id: 'wamid.arrived', skipped: true });
			// Settled for good: the next run skips it too, and nothing was sent.
			expect(await sender(receiver)('+16505551240', key)).toEqual({ id: 'wamid.arrived', skipped: true });
			expect(emulator.state.messages).toHaveLength(0);
		});
	}

	it('a key another run claims while this one waits for its slot: this one waits for that send and skips with its message', async () => {
		const store = new MemoryIdempotency();
		const claim = store.claim.bind(store);
		let raced = false;
		// As this item's request is about to leave, another run claims the key and is answered a second later.
		store.claim = async (key, owner, ttlMs, to) => {
			if (to !== undefined && !raced) {
				raced = true;
				await claim(key, 'other-run', ttlMs, to);
				setTimeout(() => void store.accepted(key, { messages: [{ id: 'wamid.other-run' }] }, ttlMs), 1000);
			}
			return claim(key, owner, ttlMs, to);
		};
		expect(await sender(store, 20_000)('+16505551246', 'raced')).toEqual({ id: 'wamid.other-run', skipped: true });
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('a send refused for good frees its key: a later run may send it', async () => {
		const store = new RedisIdempotency(connection(), emulator.url, () => undefined);
		const send = sender(store);
		emulator.faults.add({ kind: 'error', path: '/messages$', code: 131026 });
		await expect(send('+16505551238', 'retry-later')).rejects.toThrow();
		expect(emulator.state.messages).toHaveLength(0);
		const sent = await send('+16505551238', 'retry-later');
		expect(sent.skipped).toBe(false);
		expect(emulator.state.messages).toHaveLength(1);
	});
});

/** Later than a claim's window: messages that are not the claim's. */
const STATUS_WINDOW_AFTER = 6 * 60_000;

/** A status webhook of a message (`sent` unless said), stamped as Meta does, in whole seconds. */
const statusDelivery = (wamid: string, recipient: string, at: number, status = 'sent') =>
	new TextEncoder().encode(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [{ id: 'W', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE }, statuses: [{ id: wamid, status, timestamp: String(Math.floor(at / 1000)), recipient_id: recipient }] } }] }],
		}),
	);

const delivery = (wamid: string) =>
	new TextEncoder().encode(
		JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [{ id: 'W', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE }, messages: [{ id: wamid, from: '16505551234', timestamp: '1700000000', type: 'text', text: { body: 'hi' } }] } }] }],
		}),
	);

describe('webhook deduplication across processes', () => {
	it('a delivery one process ran is not run by another within the window; another node runs it', async () => {
		const events = normalise(parseDelivery(delivery('wamid.shared-1')));
		const one = new SharedDeduplicator(connection(), 'wf1:trigger', 60_000, () => undefined);
		const two = new SharedDeduplicator(connection(), 'wf1:trigger', 60_000, () => undefined);
		const other = new SharedDeduplicator(connection(), 'wf2:trigger', 60_000, () => undefined);
		expect(await one.filter(events)).toHaveLength(1);
		expect(await two.filter(events)).toHaveLength(0);
		expect(await other.filter(events)).toHaveLength(1);
	});

	it('while Redis is unreachable, each process runs what it has not seen itself; logged once', async () => {
		const logs: string[] = [];
		const down = new SharedDeduplicator(connection('redis://127.0.0.1:1'), 'wf1:trigger', 60_000, (message) => logs.push(message));
		const events = normalise(parseDelivery(delivery('wamid.shared-2')));
		expect(await down.filter(events)).toHaveLength(1);
		expect(await down.filter(normalise(parseDelivery(delivery('wamid.shared-3'))))).toHaveLength(1);
		expect(logs.filter((line) => line.includes('deduplicated by this process alone'))).toHaveLength(1);
	});
});

describe('a bad Redis URL: a clear error, and the nodes keep working on their own', () => {
	it('answers with nothing to report for a Redis that answers', async () => {
		expect(await checkRedis(redis.url)).toBeUndefined();
		expect(await checkRedis(`redis://:right-pass@127.0.0.1:${guarded.port}`)).toBeUndefined();
	});

	it('names the field and the problem: malformed, wrong password, unreachable; never the password', async () => {
		expect(await checkRedis('http://cache:6379')).toMatch(/^Redis URL \(redisUrl\) starts with http:\/\/ instead of redis:\/\/ or rediss:\/\//);
		expect(await checkRedis('redis//host')).toMatch(/^Redis URL \(redisUrl\) is not a URL: expected redis:\/\/\[:password@\]host\[:port\]\[\/database\]/);
		expect(await checkRedis(`redis://127.0.0.1:${redis.port}/cache`)).toContain('names the database "cache": it must be a number');
		const wrong = (await checkRedis(`redis://:wrong-pass@127.0.0.1:${guarded.port}`))!;
		expect(wrong).toContain(`is refused by Redis at 127.0.0.1:${guarded.port}: wrong user or password`);
		expect(wrong).not.toContain('wrong-pass');
		expect(await checkRedis('redis://127.0.0.1:1')).toContain('cannot be reached: Redis at 127.0.0.1:1 did not answer');
		expect(wrong).toContain('each process keeps the limits, webhook deduplication and idempotency keys on its own');
	});

	it('sends on the local fallback with a malformed URL, the error logged once; a refused password fails the send the campaign guard cannot check', async () => {
		const open = (redisUrl: string, logs: string[]) =>
			openAccount({ accessToken: TOKEN, phoneNumberId: PHONE, baseUrl: emulator.url, redisUrl }, { transport: () => fetchTransport(TOKEN), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log: (m) => logs.push(m) });
		const logs: string[] = [];
		const opened = open('redis//nowhere', logs);
		const once = { option: idempotencyOption('fallback:malformed', 1)!, store: opened.idempotency };
		await runOperation(sendText, { to: '+16505551239', body: 'hi' }, { ...opened, once });
		await runOperation(sendText, { to: '+16505551239', body: 'hi' }, { ...opened, once });
		expect(logs).toEqual([expect.stringContaining('Redis URL (redisUrl) is not a URL')]);
		// One send: the second was skipped by the key kept in memory.
		expect(emulator.state.messages).toHaveLength(1);

		// A refused password: the campaign guard keeps its records in Redis, and a send it cannot check does not go out.
		const refusedLogs: string[] = [];
		const refused = open(`redis://:wrong-pass@127.0.0.1:${guarded.port}`, refusedLogs);
		await expect(runOperation(sendText, { to: '+16505551240', body: 'hi' }, refused)).rejects.toThrow();
		expect(refusedLogs.join('\n')).not.toContain('wrong-pass');
		expect(emulator.state.messages).toHaveLength(1);
	});
});
