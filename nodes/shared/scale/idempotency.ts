import { createHash } from 'node:crypto';
import { ValidationError } from '../graph/errors';
import type { RedisClient } from '../pacing/redisStore';

/** The longest Idempotency Key taken: longer is refused before sending. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;
/** How long an accepted key is kept by default: a week, time to finish any campaign. */
export const DEFAULT_IDEMPOTENCY_HOURS = 168;

/** What a key's record says when a send claims it. */
export type Claim =
	/** New (or this send's own, on a retry): it may go. */
	| { state: 'claimed' }
	/** Accepted before: the platform's answer then. */
	| { state: 'accepted'; answer: unknown }
	/** Claimed by a send that has not been answered: in flight elsewhere, or cut off when it may have arrived. */
	| { state: 'unsettled' };

/** Where accepted keys are kept: Redis (shared by every process), else this process's memory. */
export interface IdempotencyStore {
	claim(key: string, owner: string, ttlMs: number): Promise<Claim>;
	accepted(key: string, answer: unknown, ttlMs: number): Promise<void>;
	/** The send failed without reaching the platform: the key is free again. */
	release(key: string, owner: string): Promise<void>;
}

/** The item's key and how long to keep it, as the node's fields give them; checked before any request. */
export interface IdempotencyOption {
	key: string;
	ttlMs: number;
}

/** Reads the node's Idempotency Key and its hours; undefined for an empty key. @throws ValidationError over 512 characters. */
export function idempotencyOption(key: unknown, hours: unknown): IdempotencyOption | undefined {
	const text = key === undefined || key === null ? '' : String(key);
	if (text === '') return undefined;
	if (text.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		throw new ValidationError('Idempotency Key (idempotencyKey)', `is ${text.length} characters long, more than the limit of ${MAX_IDEMPOTENCY_KEY_LENGTH}`);
	}
	const value = hours === '' || hours === undefined || hours === null ? DEFAULT_IDEMPOTENCY_HOURS : Number(hours);
	if (!Number.isFinite(value) || value <= 0) throw new ValidationError('Keep Idempotency Keys (Hours) (idempotencyHours)', 'must be a number of hours above 0');
	return { key: text, ttlMs: value * 3_600_000 };
}

type Entry = { state: 'pending'; owner: string } | { state: 'accepted'; answer: unknown };

/** The most keys one process keeps in memory; the oldest go first. */
const MAX_MEMORY_KEYS = 100_000;

/** This process's keys: without Redis, or while it is unreachable. */
export class MemoryIdempotency implements IdempotencyStore {
	private readonly entries = new Map<string, { entry: Entry; until: number }>();

	constructor(private readonly now: () => number = Date.now) {}

	async claim(key: string, owner: string, ttlMs: number): Promise<Claim> {
		const known = this.entries.get(key);
		if (!known || known.until <= this.now()) {
			this.keep(key, { state: 'pending', owner }, ttlMs);
			return { state: 'claimed' };
		}
		return toClaim(known.entry, owner);
	}

	async accepted(key: string, answer: unknown, ttlMs: number) {
		this.keep(key, { state: 'accepted', answer }, ttlMs);
	}

	private keep(key: string, entry: Entry, ttlMs: number) {
		this.entries.delete(key);
		this.entries.set(key, { entry, until: this.now() + ttlMs });
		while (this.entries.size > MAX_MEMORY_KEYS) this.entries.delete(this.entries.keys().next().value as string);
	}

	async release(key: string, owner: string) {
		const known = this.entries.get(key)?.entry;
		if (known?.state === 'pending' && known.owner === owner) this.entries.delete(key);
	}
}

function toClaim(entry: Entry, owner: string): Claim {
	if (entry.state === 'accepted') return { state: 'accepted', answer: entry.answer };
	return entry.owner === owner ? { state: 'claimed' } : { state: 'unsettled' };
}

/** Claims a key: sets it pending if absent, else returns what it holds. KEYS: key. ARGV: pending record, ttl ms. */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])
`;
/** Frees a key still pending for this owner. KEYS: key. ARGV: the owner's pending record. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Keys shared by every process through Redis, hashed (a key may be 512 characters of anything);
 * in memory while Redis is unreachable, logged once each way.
 */
export class RedisIdempotency implements IdempotencyStore {
	private readonly memory = new MemoryIdempotency();
	private down = false;

	constructor(
		private readonly client: RedisClient,
		/** Separates accounts: the Graph base URL. */
		private readonly prefix: string,
		private readonly log: (message: string) => void,
	) {}

	private redisKey(key: string) {
		return `flowpace:idempotency:{${this.prefix}}:${createHash('sha256').update(key).digest('base64url')}`;
	}

	async claim(key: string, owner: string, ttlMs: number): Promise<Claim> {
		const pending = JSON.stringify({ state: 'pending', owner });
		const held = await this.redis(() => this.client.eval(CLAIM, 1, this.redisKey(key), pending, Math.ceil(ttlMs)));
		if (held === undefined) return this.memory.claim(key, owner, ttlMs);
		return toClaim(JSON.parse(String(held)) as Entry, owner);
	}

	async accepted(key: string, answer: unknown, ttlMs: number) {
		await this.memory.accepted(key, answer, ttlMs);
		const record = JSON.stringify({ state: 'accepted', answer });
		await this.redis(() => this.client.eval(`return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`, 1, this.redisKey(key), record, Math.ceil(ttlMs)));
	}

	async release(key: string, owner: string) {
		await this.memory.release(key, owner);
		await this.redis(() => this.client.eval(RELEASE, 1, this.redisKey(key), JSON.stringify({ state: 'pending', owner })));
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

/** A key claimed by a send that was never answered: not sent again. */
export class UnsettledKeyError extends Error {
	constructor(key: string) {
		super(
			`Idempotency Key "${key.length > 80 ? `${key.slice(0, 80)}…` : key}" belongs to a send that has not been answered: another run is sending it, or a run stopped ` +
				'while sending it, so the message may have been delivered. Not sent again; check the status webhooks or the chat, then use a new key to send it.',
		);
		this.name = 'UnsettledKeyError';
	}
}
