import type { RedisClient } from '../pacing/redisStore';
import { CLAIMED_REPLY_MS, MAX_WAIT_MS, WINDOW_MS, type ClaimResult, type ConversationStore, type ItemResult, type Reply, type Settlement, type Wait, type WaitGroup } from './model';

/**
 * The conversation store in Redis, shared by every process with the same Redis URL: n8n's main and
 * worker processes, several n8n or Node-RED instances. Each change is one Lua script, so one reply
 * resumes one group once whichever process receives it. An account's keys share one hash tag
 * (one Redis Cluster slot), which lets the scripts reach a group's questions from the group.
 *
 *   g:<group>   hash: meta (the group, JSON), size, left (items not ended), r:<i> (an item's end),
 *               q:<i> (its question's wamid), n:<i> (the next-message queue it is in)
 *   w:<wamid>   a waiting question (JSON)          n:<number>:<user>  questions a next message answers
 *   open        groups by deadline                 c:<wamid>          a reply already used
 *   h:<number>:<user>  when the user last wrote or called (expires with the window)
 */

/** Takes a group out: its meta, then for each item its end (or '') and its waiting question (or ''). */
const FINISH = `
local function finish(base, id)
	local g = base .. ':g:' .. id
	local h = redis.call('HGETALL', g)
	local f = {}
	for i = 1, #h, 2 do f[h[i]] = h[i + 1] end
	local out = { f.meta or '{}' }
	for i = 0, tonumber(f.size or '0') - 1 do
		local q = f['q:' .. i]
		local w = false
		if q then
			w = redis.call('GET', base .. ':w:' .. q)
			redis.call('DEL', base .. ':w:' .. q)
			if f['n:' .. i] then redis.call('LREM', f['n:' .. i], 0, q) end
		end
		table.insert(out, f['r:' .. i] or '')
		table.insert(out, w or '')
	end
	redis.call('DEL', g)
	redis.call('ZREM', base .. ':open', id)
	return out
end
`;

/** ARGV: base, id, meta, size, deadline score, ttl ms. */
const OPEN = `
local g = ARGV[1] .. ':g:' .. ARGV[2]
redis.call('HSET', g, 'meta', ARGV[3], 'size', ARGV[4], 'left', ARGV[4])
redis.call('PEXPIRE', g, ARGV[6])
redis.call('ZADD', ARGV[1] .. ':open', ARGV[5], ARGV[2])
return 1
`;

/** A question lives as long as its group. ARGV: base, group, index, wamid, wait (JSON), next-message queue or ''. */
const EXPECT = `
local g = ARGV[1] .. ':g:' .. ARGV[2]
if redis.call('EXISTS', g) == 0 or redis.call('HEXISTS', g, 'r:' .. ARGV[3]) == 1 then return 0 end
local ttl = redis.call('PTTL', g)
redis.call('SET', ARGV[1] .. ':w:' .. ARGV[4], ARGV[5], 'PX', ttl)
redis.call('HSET', g, 'q:' .. ARGV[3], ARGV[4])
if ARGV[6] ~= '' then
	redis.call('HSET', g, 'n:' .. ARGV[3], ARGV[6])
	redis.call('RPUSH', ARGV[6], ARGV[4])
	if redis.call('PTTL', ARGV[6]) < ttl then redis.call('PEXPIRE', ARGV[6], ttl) end
end
return 1
`;

/** Records an item's end (JSON); the group when that was its last. ARGV: base, group, index, end. */
const RECORD = `
local function record(base, id, index, result)
	local g = base .. ':g:' .. id
	if redis.call('EXISTS', g) == 0 or redis.call('HEXISTS', g, 'r:' .. index) == 1 then return { 'pending' } end
	redis.call('HSET', g, 'r:' .. index, result)
	if redis.call('HINCRBY', g, 'left', -1) > 0 then return { 'pending' } end
	local out = finish(base, id)
	table.insert(out, 1, 'settled')
	return out
end
`;

const SETTLE = `${FINISH}${RECORD}
return record(ARGV[1], ARGV[2], ARGV[3], ARGV[4])
`;

/**
 * The question a reply answers: the one it quotes (from its recipient to its number), else the
 * oldest one the user's next message answers. ARGV: base, quoted wamid or '', number, user, reply
 * wamid or '', answer (JSON), ms a used reply is remembered.
 */
const CLAIM = `${FINISH}${RECORD}
local base = ARGV[1]
if ARGV[5] ~= '' and redis.call('EXISTS', base .. ':c:' .. ARGV[5]) == 1 then return { 'duplicate' } end
local qid, raw = nil, nil
if ARGV[2] ~= '' then
	local quoted = redis.call('GET', base .. ':w:' .. ARGV[2])
	if quoted then
		local wait = cjson.decode(quoted)
		if wait.phoneNumberId == ARGV[3] and wait.waId == ARGV[4] then qid, raw = ARGV[2], quoted end
	end
end
if not qid then
	local queue = base .. ':n:' .. ARGV[3] .. ':' .. ARGV[4]
	for _, id in ipairs(redis.call('LRANGE', queue, 0, -1)) do
		local waiting = redis.call('GET', base .. ':w:' .. id)
		if waiting then qid, raw = id, waiting break end
		redis.call('LREM', queue, 0, id)
	end
end
if not qid then return { 'none' } end
local wait = cjson.decode(raw)
local g = base .. ':g:' .. wait.group
redis.call('DEL', base .. ':w:' .. qid)
if redis.call('EXISTS', g) == 0 then return { 'none' } end
local queued = redis.call('HGET', g, 'n:' .. wait.index)
if queued then redis.call('LREM', queued, 0, qid) end
if ARGV[5] ~= '' then redis.call('SET', base .. ':c:' .. ARGV[5], '1', 'PX', ARGV[7]) end
return record(base, wait.group, wait.index, '{"outcome":"replied","wait":' .. raw .. ',"json":' .. ARGV[6] .. '}')
`;

/** The groups whose deadline passed (or this one, if it did). ARGV: base, now, group or ''. */
const EXPIRE = `${FINISH}
local base = ARGV[1]
local ids = {}
if ARGV[3] ~= '' then
	local score = redis.call('ZSCORE', base .. ':open', ARGV[3])
	if score and tonumber(score) <= tonumber(ARGV[2]) then ids = { ARGV[3] } end
else
	ids = redis.call('ZRANGEBYSCORE', base .. ':open', '-inf', ARGV[2])
end
local out = {}
for _, id in ipairs(ids) do
	if redis.call('EXISTS', base .. ':g:' .. id) == 1 then table.insert(out, finish(base, id)) else redis.call('ZREM', base .. ':open', id) end
end
return out
`;

/** ARGV: base, group. */
const CANCEL = `${FINISH}
if redis.call('EXISTS', ARGV[1] .. ':g:' .. ARGV[2]) == 1 then finish(ARGV[1], ARGV[2]) end
return 1
`;

/** ARGV: base. */
const OPEN_GROUPS = `
local out = {}
for _, id in ipairs(redis.call('ZRANGE', ARGV[1] .. ':open', 0, -1)) do
	local meta = redis.call('HGET', ARGV[1] .. ':g:' .. id, 'meta')
	if meta then table.insert(out, meta) else redis.call('ZREM', ARGV[1] .. ':open', id) end
end
return out
`;

/** Keeps the latest time the user was heard, until their window closes. KEYS: the pair. ARGV: at, window ms. */
const HEARD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local last = math.max(tonumber(ARGV[1]), tonumber(redis.call('GET', KEYS[1]) or '0'))
local ttl = math.ceil(last + tonumber(ARGV[2]) - now)
if ttl > 0 then redis.call('SET', KEYS[1], string.format('%.0f', last), 'PX', ttl) end
return 0
`;

const GET = `return redis.call('GET', KEYS[1])`;

/** No deadline: scored past any time. */
const NEVER = 1e15;

type Reply3 = unknown[];

export class RedisConversations implements ConversationStore {
	private readonly base: string;

	constructor(
		private readonly client: RedisClient,
		/** Separates accounts: the Graph base URL, so an emulator and Meta never share state. */
		prefix: string,
		private readonly now: () => number,
	) {
		this.base = `flowpace:conv:{${prefix}}`;
	}

	/** A script run on the account's slot (its `open` key routes it). */
	private run(script: string, ...args: Array<string | number>) {
		return this.client.eval(script, 1, `${this.base}:open`, this.base, ...args);
	}

	async open(group: WaitGroup): Promise<void> {
		const ttl = (group.deadline ?? this.now() + MAX_WAIT_MS) - this.now() + WINDOW_MS;
		await this.run(OPEN, group.id, JSON.stringify(group), group.size, group.deadline ?? NEVER, Math.ceil(ttl));
	}

	async expect(wait: Wait): Promise<boolean> {
		const queue = wait.matchBy === 'nextMessage' ? this.queue(wait.phoneNumberId, wait.waId) : '';
		return Number(await this.run(EXPECT, wait.group, wait.index, wait.questionId, JSON.stringify(wait), queue)) === 1;
	}

	async settle(groupId: string, result: ItemResult): Promise<Settlement | undefined> {
		const answer = (await this.run(SETTLE, groupId, result.index, JSON.stringify({ outcome: result.outcome, json: result.json }))) as Reply3;
		return answer[0] === 'settled' ? settlementOf(answer.slice(1)) : undefined;
	}

	async claim(reply: Reply): Promise<ClaimResult> {
		const answer = (await this.run(CLAIM, reply.contextMessageId ?? '', reply.phoneNumberId, reply.from, reply.messageId ?? '', JSON.stringify(reply.answer), CLAIMED_REPLY_MS)) as Reply3;
		if (answer[0] === 'duplicate' || answer[0] === 'none') return { matched: false, duplicate: answer[0] === 'duplicate' };
		return { matched: true, settlement: answer[0] === 'settled' ? settlementOf(answer.slice(1)) : undefined };
	}

	async expire(now: number, groupId?: string): Promise<Settlement[]> {
		const answer = (await this.run(EXPIRE, now, groupId ?? '')) as Reply3[];
		return answer.map(settlementOf);
	}

	async cancel(groupId: string): Promise<void> {
		await this.run(CANCEL, groupId);
	}

	async openGroups(): Promise<WaitGroup[]> {
		return ((await this.run(OPEN_GROUPS)) as string[]).map((meta) => JSON.parse(meta) as WaitGroup);
	}

	async heard(phoneNumberId: string, waId: string, at: number): Promise<void> {
		await this.client.eval(HEARD, 1, this.pair(phoneNumberId, waId), at, WINDOW_MS);
	}

	async lastHeard(phoneNumberId: string, waId: string, now: number): Promise<number | undefined> {
		const heard = Number(await this.client.eval(GET, 1, this.pair(phoneNumberId, waId)));
		return heard > 0 && heard + WINDOW_MS > now ? heard : undefined;
	}

	private queue(phoneNumberId: string, waId: string) {
		return `${this.base}:n:${phoneNumberId}:${waId}`;
	}

	private pair(phoneNumberId: string, waId: string) {
		return `${this.base}:h:${phoneNumberId}:${waId}`;
	}
}

/** FINISH's answer as a settlement: an item without an end timed out. */
function settlementOf(answer: Reply3): Settlement {
	const group = JSON.parse(String(answer[0])) as WaitGroup;
	const results: ItemResult[] = [];
	for (let index = 0; index < group.size; index++) {
		const end = String(answer[1 + 2 * index] ?? '');
		const waiting = String(answer[2 + 2 * index] ?? '');
		if (end) {
			const { outcome, json, wait } = JSON.parse(end) as Omit<ItemResult, 'index'>;
			results.push({ index, outcome, ...(json ? { json } : {}), ...(wait ? { wait } : {}) });
		} else {
			results.push({ index, outcome: 'timedOut', ...(waiting ? { wait: JSON.parse(waiting) as Wait } : {}) });
		}
	}
	return { group, results };
}
