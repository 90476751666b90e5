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
	| ({ state: 'unsettled' } & Partial<PendingSend>);

/** What a claim as a request leaves records: to whom, and when (UNIX ms). */
export interface PendingSend {
	to: string;
	at: number;
}

/**
 * A send cut off before its answer is taken to have arrived when a status webhook of a message to
 * the same recipient, stamped between a little before its claim (Meta stamps in whole seconds, and
 * its clock and ours may differ) and a few minutes after, reached the store. Later messages to the
 * recipient are another send's: a `sent` status follows acceptance within seconds.
 */
export const STATUS_SLACK_MS = 2000;
export const STATUS_WINDOW_MS = 5 * 60_000;
/** Messages kept per recipient from the status webhooks: the latest ones. */
const SENT_PER_RECIPIENT = 20;
/** How long they are kept: as long as a week's keys may wait for a run again. */
const SENT_MEMORY_MS = 7 * 24 * 3_600_000;

/** Where accepted keys are kept: Redis (shared by every process), else this process's memory. */
export interface IdempotencyStore {
	/** `to`: the recipient, kept with the claim so that a send cut off may be settled from its status. */
	claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim>;
	accepted(key: string, answer: unknown, ttlMs: number): Promise<void>;
	/** The send failed without reaching the platform: the key is free again. */
	release(key: string, owner: string): Promise<void>;
	/** A status webhook of a message: the platform accepted it (a message ID, to whom, when). */
	noteSent(recipient: string, messageId: string, at: number): Promise<void>;
	/**
	 * A key left claimed by a send cut off before its answer: when a status webhook shows a message
	 * to its recipient since its claim, the key is recorded accepted with that message; returns the
	 * answer then, else undefined (it may not have arrived: it stays claimed).
	 */
	settle(key: string, pending: PendingSend, ttlMs: number): Promise<unknown | undefined>;
}

/** A recipient as status webhooks name it (`recipient_id`): a phone number's digits, a group ID as it is. */
export function recipientOf(to: string): string {
	return /^\+?[\d\s().-]+$/.test(to) ? to.replace(/\D/g, '') : to;
}

/** The answer a send would have had, for a key settled from a status webhook. */
const settledAnswer = (pending: PendingSend, messageId: string) => ({
	messaging_product: 'whatsapp',
	contacts: [{ input: pending.to, wa_id: recipientOf(pending.to) }],
	messages: [{ id: messageId }],
	settledFrom: 'status webhook',
});

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

type Entry = ({ state: 'pending'; owner: string } & Partial<PendingSend>) | { state: 'accepted'; answer: unknown };

/** The most keys one process keeps in memory; the oldest go first. */
const MAX_MEMORY_KEYS = 100_000;

/** This process's keys: without Redis, or while it is unreachable. */
export class MemoryIdempotency implements IdempotencyStore {
	private readonly entries = new Map<string, { entry: Entry; until: number }>();
	/** Per recipient, the latest messages the status webhooks showed, oldest first. */
	private readonly sent = new Map<string, Array<{ id: string; at: number }>>();

	constructor(private readonly now: () => number = Date.now) {}

	async claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim> {
		const known = this.entries.get(key);
		if (!known || known.until <= this.now()) {
			this.keep(key, { state: 'pending', owner, ...(to === undefined ? {} : { to, at: this.now() }) }, ttlMs);
			return { state: 'claimed' };
		}
		return toClaim(known.entry, owner);
	}

	async noteSent(recipient: string, messageId: string, at: number) {
		const messages = (this.sent.get(recipient) ?? []).filter((message) => message.id !== messageId && message.at > this.now() - SENT_MEMORY_MS);
		messages.push({ id: messageId, at });
		this.sent.delete(recipient);
		this.sent.set(recipient, messages.slice(-SENT_PER_RECIPIENT));
		while (this.sent.size > MAX_MEMORY_KEYS) this.sent.delete(this.sent.keys().next().value as string);
	}

	async settle(key: string, pending: PendingSend, ttlMs: number): Promise<unknown | undefined> {
		const message = this.sent.get(recipientOf(pending.to))?.find((sent) => sent.at >= pending.at - STATUS_SLACK_MS && sent.at <= pending.at + STATUS_WINDOW_MS);
		const known = this.entries.get(key)?.entry;
		if (!message || known?.state !== 'pending') return known?.state === 'accepted' ? known.answer : undefined;
		const answer = settledAnswer(pending, message.id);
		await this.accepted(key, answer, ttlMs);
		return answer;
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
	if (entry.owner === owner) return { state: 'claimed' };
	return entry.to === undefined || entry.at === undefined ? { state: 'unsettled' } : { state: 'unsettled', to: entry.to, at: entry.at };
}

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
/** Notes a message to a recipient, keeping the latest ones. KEYS: the recipient's set. ARGV: ms, message ID, how many, keep ms. */
const NOTE_SENT = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -1 - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0
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

	private sentKey(recipient: string) {
		return `flowpace:sent:{${this.prefix}}:${recipient}`;
	}

	async claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim> {
		const pending = JSON.stringify({ state: 'pending', owner, ...(to === undefined ? {} : { to, at: Date.now() }) });
		const held = await this.redis(() => this.client.eval(CLAIM, 1, this.redisKey(key), pending, Math.ceil(ttlMs)));
		if (held === undefined) return this.memory.claim(key, owner, ttlMs, to);
		return toClaim(JSON.parse(String(held)) as Entry, owner);
	}

	async noteSent(recipient: string, messageId: string, at: number) {
		await this.memory.noteSent(recipient, messageId, at);
		await this.redis(() => this.client.eval(NOTE_SENT, 1, this.sentKey(recipient), at, messageId, SENT_PER_RECIPIENT, SENT_MEMORY_MS));
	}

	async settle(key: string, pending: PendingSend, ttlMs: number): Promise<unknown | undefined> {
		const found = await this.redis(() => this.client.eval(`return redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, 1)`, 1, this.sentKey(recipientOf(pending.to)), pending.at - STATUS_SLACK_MS, pending.at + STATUS_WINDOW_MS));
		if (found === undefined) return this.memory.settle(key, pending, ttlMs);
		const messageId = (found as string[])[0];
		if (!messageId) return undefined;
		const held = await this.redis(() => this.client.eval(`return redis.call('GET', KEYS[1])`, 1, this.redisKey(key)));
		if (typeof held !== 'string') return undefined;
		const entry = JSON.parse(held) as Entry;
		if (entry.state === 'accepted') return entry.answer;
		const answer = settledAnswer(pending, messageId);
		const settled = await this.redis(() => this.client.eval(SETTLE, 1, this.redisKey(key), held, JSON.stringify({ state: 'accepted', answer }), Math.ceil(ttlMs)));
		return settled === 1 ? answer : undefined;
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
				'while sending it, so the message may have been delivered, and no status webhook of a message to its recipient since then has reached the WhatsApp Trigger or webhook node ' +
				'(with the same Redis URL). Not sent again; check the chat, then use a new key to send it.',
		);
		this.name = 'UnsettledKeyError';
	}
}
