import type { RedisClient } from '../pacing/redisStore';
import { REACH_WINDOW_MS, type CampaignStore, type ConsentRecord, type ReachAnswer, type StateRecord } from './store';

/**
 * The reach window of a portfolio as one atomic script, so that processes sharing Redis never
 * admit more users than the limit between them. Times are the callers' clocks (a 24-hour window
 * does not mind seconds of skew). KEYS: the sorted set of users by last reach.
 * ARGV: now, window, limit (-1 = unlimited), user. Returns {allowed, added, count, oldest score}.
 */
const REACH = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local had = redis.call('ZSCORE', KEYS[1], ARGV[4])
local count = redis.call('ZCARD', KEYS[1])
local allowed = 1
local added = 0
if not had then
	if limit >= 0 and count >= limit then allowed = 0 else added = 1 end
end
if allowed == 1 then
	redis.call('ZADD', KEYS[1], now, ARGV[4])
	redis.call('PEXPIRE', KEYS[1], window)
	count = redis.call('ZCARD', KEYS[1])
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {allowed, added, count, oldest[2] or ''}
`;

/** Keeps the newer of two records. KEYS: hash. ARGV: field, JSON record, its time. */
const SET_NEWER = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and tonumber(cjson.decode(current).at) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`;

/** Counts once per message and counter. KEYS: seen set, counters hash. ARGV: member, counter. */
const COUNT_ONCE = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
`;

/** Plain commands through EVAL: the pacing store's client offers only eval. */
const HSET_MANY = `for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end return 0`;
const HGET = `return redis.call('HGET', KEYS[1], ARGV[1])`;
const HGETALL = `return redis.call('HGETALL', KEYS[1])`;
const ZREM = `return redis.call('ZREM', KEYS[1], ARGV[1])`;
const SADD_MANY = `for i = 1, #ARGV do redis.call('SADD', KEYS[1], ARGV[i]) end return 0`;
const SREM_MANY = `for i = 1, #ARGV do redis.call('SREM', KEYS[1], ARGV[i]) end return 0`;
const SISMEMBER = `return redis.call('SISMEMBER', KEYS[1], ARGV[1])`;
const HINCR = `return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)`;

/**
 * The campaign store in Redis, shared by every process with the same Redis URL and kept over a
 * restart. Reach windows expire with their last reach; consent, block lists and campaign counters
 * stay until deleted (they are the business's records, not a cache).
 */
export class RedisCampaignStore implements CampaignStore {
	constructor(
		private readonly client: RedisClient,
		/** Separates accounts: the Graph base URL, so an emulator and Meta never share records. */
		private readonly prefix: string,
	) {}

	/** The hash tag {...} keeps one scope's keys in one Redis Cluster slot. */
	private key(scope: string, what: string) {
		return `flowpace:campaign:{${this.prefix}|${scope}}:${what}`;
	}

	async reach(portfolio: string, user: string, now: number, limit: number): Promise<ReachAnswer> {
		const answer = (await this.client.eval(REACH, 1, this.key(`portfolio:${portfolio}`, 'reach'), now, REACH_WINDOW_MS, Number.isFinite(limit) ? limit : -1, user)) as unknown[];
		const oldest = answer[3] === '' || answer[3] === null ? undefined : Number(answer[3]) + REACH_WINDOW_MS;
		return { allowed: Number(answer[0]) === 1, added: Number(answer[1]) === 1, count: Number(answer[2]), oldestExpiresAt: oldest };
	}

	async release(portfolio: string, user: string) {
		await this.client.eval(ZREM, 1, this.key(`portfolio:${portfolio}`, 'reach'), user);
	}

	async setConsent(number: string, entries: Array<[string, ConsentRecord]>) {
		if (!entries.length) return;
		// One script for the whole list: an import is written entirely or not at all.
		await this.client.eval(HSET_MANY, 1, this.key(`number:${number}`, 'consent'), ...entries.flatMap(([user, record]) => [user, JSON.stringify(record)]));
	}

	async consent(number: string, user: string) {
		const value = await this.client.eval(HGET, 1, this.key(`number:${number}`, 'consent'), user);
		return typeof value === 'string' ? (JSON.parse(value) as ConsentRecord) : undefined;
	}

	async consents(number: string) {
		return mapValues(await this.hash(this.key(`number:${number}`, 'consent')), (value) => JSON.parse(value) as ConsentRecord);
	}

	async setBlocked(number: string, users: string[], blocked: boolean) {
		if (users.length) await this.client.eval(blocked ? SADD_MANY : SREM_MANY, 1, this.key(`number:${number}`, 'blocked'), ...users);
	}

	async isBlocked(number: string, user: string) {
		return Number(await this.client.eval(SISMEMBER, 1, this.key(`number:${number}`, 'blocked'), user)) === 1;
	}

	async setState(scope: string, key: string, record: StateRecord) {
		await this.client.eval(SET_NEWER, 1, this.key(scope, 'state'), key, JSON.stringify(record), record.at);
	}

	async state(scope: string, key: string) {
		const value = await this.client.eval(HGET, 1, this.key(scope, 'state'), key);
		return typeof value === 'string' ? (JSON.parse(value) as StateRecord) : undefined;
	}

	async count(campaign: string, counter: string) {
		await this.client.eval(HINCR, 1, this.key(`campaign:${campaign}`, 'counts'), counter);
	}

	async countOnce(campaign: string, messageId: string, counter: string) {
		const scope = `campaign:${campaign}`;
		return Number(await this.client.eval(COUNT_ONCE, 2, this.key(scope, 'seen'), this.key(scope, 'counts'), `${messageId}\n${counter}`, counter)) === 1;
	}

	async counters(campaign: string) {
		return mapValues(await this.hash(this.key(`campaign:${campaign}`, 'counts')), Number);
	}

	private async hash(key: string): Promise<Record<string, string>> {
		const flat = (await this.client.eval(HGETALL, 1, key)) as string[];
		const out: Record<string, string> = {};
		for (let i = 0; i < flat.length; i += 2) out[flat[i]] = flat[i + 1];
		return out;
	}
}

function mapValues<T>(record: Record<string, string>, map: (value: string) => T): Record<string, T> {
	return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
