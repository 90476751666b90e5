import { createHash } from 'node:crypto';
import type { RedisClient } from '../pacing/redisStore';
import {
	LATER_STATUS_MS,
	MemoryIdempotency,
	SENT_MEMORY_MS,
	SENT_PER_RECIPIENT,
	STATUS_SLACK_MS,
	STATUS_WINDOW_MS,
	recipientOf,
	settledAnswer,
	toClaim,
	type Claim,
	type Entry,
	type IdempotencyStore,
	type PendingSend,
	type Settlement,
} from './idempotency';

/** Claims a key: sets it pending if absent, else returns what it holds. KEYS: key. ARGV: pending record, ttl ms. */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])
`;
/** Records a key accepted if it still holds the pending record. KEYS: key. ARGV: pending record, accepted record, ttl ms. */
const SETTLE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0
`;
/**
 * Notes a message to a recipient by its first status's stamp, keeping the latest ones, and how far
 * the statuses have come (never past this process's clock: a stamp ahead of it proves nothing yet).
 * KEYS: the recipient's set, the latest stamp. ARGV: ms, message ID, how many, keep ms, now.
 */
const NOTE_SENT = `
local first = redis.call('ZSCORE', KEYS[1], ARGV[2])
if not first or tonumber(first) > tonumber(ARGV[1]) then redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local reached = math.min(tonumber(ARGV[1]), tonumber(ARGV[5]))
if tonumber(redis.call('GET', KEYS[2]) or '0') < reached then redis.call('SET', KEYS[2], reached, 'PX', ARGV[4]) end
return 0
`;
/**
 * Frees a key still holding a pending record whose request never arrived, as neverArrived() in
 * idempotency.ts decides it. KEYS: key, the recipient's set, the latest stamp.
 * ARGV: pending record, window from, window to, latest stamp needed, messages kept per recipient.
 */
const FREE_IF_NEVER_ARRIVED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if #redis.call('ZRANGEBYSCORE', KEYS[2], ARGV[2], ARGV[3], 'LIMIT', 0, 1) > 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if tonumber(oldest[2]) >= tonumber(ARGV[2]) then return 0 end
end
if tonumber(redis.call('GET', KEYS[3]) or '0') < tonumber(ARGV[4]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;
/** Frees a key still pending for this owner. KEYS: key. ARGV: the owner. */
const RELEASE = `
local held = redis.call('GET', KEYS[1])
if not held then return 0 end
local entry = cjson.decode(held)
if entry.state == 'pending' and entry.owner == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Keys shared by every process through Redis, hashed (a key may be 512 characters of anything);
 * in memory while Redis is unreachable, logged once each way.
 */
export class RedisIdempotency implements IdempotencyStore {
	private readonly memory: MemoryIdempotency;
	private down = false;

	constructor(
		private readonly client: RedisClient,
		/** Separates accounts: the Graph base URL. */
		private readonly prefix: string,
		private readonly log: (message: string) => void,
		private readonly now: () => number = Date.now,
	) {
		this.memory = new MemoryIdempotency(now);
	}

	private redisKey(key: string) {
		return `flowpace:idempotency:{${this.prefix}}:${createHash('sha256').update(key).digest('base64url')}`;
	}

	private sentKey(recipient: string) {
		return `flowpace:sent:{${this.prefix}}:${recipient}`;
	}

	private latestKey() {
		return `flowpace:sent-latest:{${this.prefix}}`;
	}

	async claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim> {
		const pending = JSON.stringify({ state: 'pending', owner, ...(to === undefined ? {} : { to, at: this.now() }) });
		const held = await this.redis(() => this.client.eval(CLAIM, 1, this.redisKey(key), pending, Math.ceil(ttlMs)));
		if (held === undefined) return this.memory.claim(key, owner, ttlMs, to);
		return toClaim(JSON.parse(String(held)) as Entry, owner);
	}

	async look(key: string) {
		const held = await this.record(key);
		if (held === undefined) return this.memory.look(key);
		return typeof held === 'string' ? toClaim(JSON.parse(held) as Entry) : undefined;
	}

	async noteSent(recipient: string, messageId: string, at: number) {
		await this.memory.noteSent(recipient, messageId, at);
		await this.redis(() => this.client.eval(NOTE_SENT, 2, this.sentKey(recipient), this.latestKey(), at, messageId, SENT_PER_RECIPIENT, SENT_MEMORY_MS, this.now()));
	}

	async settle(key: string, pending: PendingSend, ttlMs: number): Promise<Settlement> {
		const held = await this.record(key);
		if (held === undefined) return this.memory.settle(key, pending, ttlMs);
		if (typeof held !== 'string') return { state: 'free' };
		const entry = JSON.parse(held) as Entry;
		if (entry.state === 'accepted') return { state: 'accepted', answer: entry.answer };
		if (entry.to !== pending.to || entry.at !== pending.at) return { state: 'free' };
		const sentKey = this.sentKey(recipientOf(pending.to));
		const [from, to] = [pending.at - STATUS_SLACK_MS, pending.at + STATUS_WINDOW_MS];
		const found = await this.redis(() => this.client.eval(`return redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, 1)`, 1, sentKey, from, to));
		const messageId = Array.isArray(found) ? (found[0] as string | undefined) : undefined;
		if (messageId) {
			const answer = settledAnswer(pending, messageId);
			const settled = await this.redis(() => this.client.eval(SETTLE, 1, this.redisKey(key), held, JSON.stringify({ state: 'accepted', answer }), Math.ceil(ttlMs)));
			return settled === 1 ? { state: 'accepted', answer } : { state: 'unknown' };
		}
		const freed = await this.redis(() =>
			this.client.eval(FREE_IF_NEVER_ARRIVED, 3, this.redisKey(key), sentKey, this.latestKey(), held, from, to, pending.at + LATER_STATUS_MS, SENT_PER_RECIPIENT),
		);
		return freed === 1 ? { state: 'free' } : { state: 'unknown' };
	}

	async accepted(key: string, answer: unknown, ttlMs: number) {
		await this.memory.accepted(key, answer, ttlMs);
		const record = JSON.stringify({ state: 'accepted', answer });
		await this.redis(() => this.client.eval(`return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`, 1, this.redisKey(key), record, Math.ceil(ttlMs)));
	}

	async release(key: string, owner: string) {
		await this.memory.release(key, owner);
		await this.redis(() => this.client.eval(RELEASE, 1, this.redisKey(key), owner));
	}

	/** The key's record as Redis holds it (null: none); undefined when Redis is unreachable. */
	private record(key: string): Promise<unknown> {
		return this.redis(() => this.client.eval(`return redis.call('GET', KEYS[1])`, 1, this.redisKey(key)));
	}

	/** A Redis call; undefined when Redis is unreachable. */
	private async redis(call: () => Promise<unknown>): Promise<unknown> {
		try {
			const result = await call();
			if (this.down) this.log('idempotency: Redis is reachable again; keys are shared across processes again');
			this.down = false;
			return result ?? null;
		} catch (error) {
			if (!this.down) this.log(`idempotency: Redis unreachable (${(error as Error).message}); keys are kept in this process's memory until it returns`);
			this.down = true;
			return undefined;
		}
	}
}
