import type { PairView } from './pairViews';
import { IN_FLIGHT_LIMIT_MS, PROCESS_SEEN_MS, PAIR_BURST_MARGIN_MS, PAIR_BURST_MAX, PAIR_BURST_WINDOW_MS, PAIR_DEBT_MS, SHARED_PAIR_MARGIN_MS, THROUGHPUT_MARGIN_MS, THROUGHPUT_WINDOW_MS } from './model';

/** The part of a Redis client the store uses (ioredis' `eval` has this shape). */
export interface RedisClient {
	eval(script: string, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
	disconnect?(): void;
}

/** Limits shared by every process that paces the same numbers: the contract of PhoneLimiter.acquire. */
export interface SharedLimits {
	/**
	 * `burstMarginMs`: how much earlier than the platform a recipient's burst closes (at least
	 * PAIR_BURST_MARGIN_MS). `openBelowMs`: a message that would begin a burst while the throughput
	 * is booked further ahead reserves nothing; `openingHeld` then says so. `answerDelayMs`: how long
	 * after its entry in the dispatch log a send is answered of late; the log counts each send from
	 * its answer, so it takes N sends per window + margin + that delay, and the slots are spaced so.
	 */
	acquire(phoneNumberId: string, mps: number, recipient: number, maxWaitMs: number, burstMarginMs?: number, openBelowMs?: number, answerDelayMs?: number): Promise<number>;
	/** Whether the last acquire to this pair was refused only because it would begin a burst (see acquire's `openBelowMs`). */
	openingHeld(phoneNumberId: string, recipient: number): boolean;
	/** The recipient's shared pair state as the last acquire to it left it (Redis' clock), with Redis' time then. */
	pairView(phoneNumberId: string, recipient: number): (PairView & { now: number }) | undefined;
	/** Writes back pair states a restarted Redis lost: each is kept where Redis holds less debt. */
	restorePairs(phoneNumberId: string, pairs: Array<[number, PairView]>): Promise<void>;
	/** Answers when Redis is reachable; throws otherwise. */
	ping(): Promise<void>;
	/**
	 * Records a send that is about to go, if fewer than N went in the last window (+ margin) from
	 * any process; `wait` is then 0, else how long to wait before asking again. Timers fire late under
	 * load: this keeps the real dispatch times, not only the reserved slots, inside the limit.
	 * With `burst`, the message is checked against its recipient's shared burst as it goes (see
	 * LeavingBurst), in the same step.
	 */
	dispatch(phoneNumberId: string, mps: number, ticket: string, burst?: LeavingBurst): Promise<Leave>;
	/**
	 * A dispatch was answered `shiftMs` after it was logged: it counts from then (it may have arrived
	 * that late). A message to `recipient` may have arrived after its burst's debt was repaid, and the
	 * platform then began a new burst with it: the pair's debt runs at least one debt from now (a
	 * burst closed to more messages when Redis held none).
	 */
	delayDispatch(phoneNumberId: string, ticket: string, shiftMs: number, recipient?: number): Promise<void>;
	/** The WABA's management budget shared by every process: the contract of BudgetLimiter.acquire. */
	acquireBudget(wabaId: string, budget: number, windowMs: number, maxWaitMs: number): Promise<number>;
	/** Holds every process's management calls to the WABA for `forMs` (a 80007/4 answer said to wait). */
	blockBudget(wabaId: string, forMs: number): Promise<void>;
	/**
	 * The message that began a recipient's burst (acquire's `burstStarted`) was answered `lateMs`
	 * after its slot: the platform counts the burst and its debt from its arrival, which may be that
	 * late, so the shared debt moves too (PairTable.answered in one process).
	 */
	pairAnswered(phoneNumberId: string, recipient: number, burst: string, lateMs: number): Promise<void>;
	/** The burst the last acquire to this pair began, named for pairAnswered; '' when it began none. */
	burstStarted(phoneNumberId: string, recipient: number): string;
	/** The processes seen sharing the number's limits lately (their heartbeats), as of the last acquire; 0 when unknown. */
	sharers(phoneNumberId: string): number;
	/** The same for a WABA's management budget. */
	budgetSharers(wabaId: string): number;
}

/**
 * A message of a recipient's shared burst, as it leaves. The platform counts the burst from its first
 * arrival, so a message leaving later than `start` + `closesAfterMs` (Redis' clock) might arrive past
 * it. Such a message does not go: it hands its booking back (its place in the burst's count, and its
 * debt unless it began the burst), since the platform never saw it, and asks for a new slot. The debt
 * of the one that began it stays: the burst now begins at a later arrival, and its answer no longer
 * moves the debt (pairAnswered). A message alone in its burst always goes: no other arrival can open
 * the burst before it, so the burst starts again as it leaves, its debt never shortened.
 */
export interface LeavingBurst {
	recipient: number;
	/** The burst's start as the message booked it (PairView.start). */
	start: number;
	closesAfterMs: number;
	/** The message began the burst (acquire's `burstStarted`). */
	began: boolean;
}

/** A dispatch's answer: `wait` > 0, ask again then; `late`, it missed its burst; `restarted`, the burst it starts now, named for pairAnswered. */
export interface Leave {
	wait: number;
	late?: true;
	restarted?: string;
}

/**
 * A process's heartbeat in the set of those sharing a limit (KEYS[n]: the set, ARGV[n]: the
 * process, `window` ms: how long a beat counts): added at Redis' time `now`, the silent ones
 * dropped; leaves the count of processes seen in `sharers`. Each script below beats as it reserves.
 */
const HEARTBEAT = (key: string, member: string, window: string) => `
redis.call('ZADD', ${key}, now, ${member})
redis.call('ZREMRANGEBYSCORE', ${key}, '-inf', now - tonumber(${window}))
redis.call('PEXPIRE', ${key}, tonumber(${window}))
local sharers = redis.call('ZCARD', ${key})
`;

/**
 * PhoneLimiter's algorithm as one Lua script, so that a reservation is atomic across processes.
 * Time is Redis' own (TIME), so the processes' clocks need not agree. Keys expire with their state:
 * the number's theoretical arrival time a second after it passes, a pair's state when its debt is repaid.
 * KEYS: number key, pair key, sharers. ARGV: interval ms, has recipient (1/0), max wait, debt, burst
 * window, burst max, process, heartbeat window, the queue above which a message may not begin a burst
 * (PhoneLimiter.openingHeld). Returns { wait or minus the time to ask again, sharers, the burst it
 * began, the pair's debt, start, count, Redis' time, 'held' when it may not begin a burst yet }.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
${HEARTBEAT('KEYS[3]', 'ARGV[7]', 'ARGV[8]')}
local began = ''
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(tat, now)
local wait = slot - now
if wait > tonumber(ARGV[3]) then return { tostring(-wait), sharers } end
if ARGV[2] == '1' then
	local debtMs = tonumber(ARGV[4])
	local p = redis.call('HMGET', KEYS[2], 'd', 's', 'c')
	local debt = tonumber(p[1] or '0')
	if debt <= slot then
		if wait > tonumber(ARGV[9]) then return { tostring(-(wait - tonumber(ARGV[9]))), sharers, '', '', '', '', '', 'held' } end
		debt = slot + debtMs
		began = tostring(slot)
		redis.call('HSET', KEYS[2], 'd', tostring(debt), 's', began, 'c', '1')
	elseif slot < tonumber(p[2]) + tonumber(ARGV[5]) and tonumber(p[3]) < tonumber(ARGV[6]) then
		debt = debt + debtMs
		redis.call('HSET', KEYS[2], 'd', tostring(debt), 'c', tostring(tonumber(p[3]) + 1))
	else
		return { tostring(-(debt - now)), sharers, '', tostring(debt), p[2], p[3], tostring(now) }
	end
	redis.call('PEXPIREAT', KEYS[2], math.ceil(debt))
	local v = redis.call('HMGET', KEYS[2], 's', 'c')
	redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil(slot + interval - now) + 1000)
	return { tostring(wait), sharers, began, tostring(debt), v[1], v[2], tostring(now) }
end
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil(slot + interval - now) + 1000)
return { tostring(wait), sharers, began }
`;

/** Restores pair states where Redis holds less debt. KEYS: pair keys. ARGV: debt, start, count per key. */
const RESTORE = `
for i, key in ipairs(KEYS) do
	local debt = tonumber(ARGV[i * 3 - 2])
	if tonumber(redis.call('HGET', key, 'd') or '0') < debt then
		redis.call('HSET', key, 'd', ARGV[i * 3 - 2], 's', ARGV[i * 3 - 1], 'c', ARGV[i * 3])
		redis.call('PEXPIREAT', key, math.ceil(debt))
	end
end
return 0
`;

/**
 * A sliding log of real dispatch times per number. A send is logged `inFlight` ms ahead until its
 * answer moves it back (DELAY): unanswered, it may still arrive at any moment, so it counts in
 * every window meanwhile, as PhoneLimiter.holdBack counts it in one process. With a pair key, the
 * message is checked against its burst first (LeavingBurst).
 * KEYS: log[, pair]. ARGV: window ms, N, unique member, in-flight ms[, burst start, closes after ms, debt ms, began (1/0)].
 * Returns { wait } or { 'late' } or { '0', the restarted burst's start }.
 */
const DISPATCH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local alone = false
if KEYS[2] and now > tonumber(ARGV[5]) + tonumber(ARGV[6]) then
	local p = redis.call('HMGET', KEYS[2], 'd', 's', 'c')
	if not p[2] or tonumber(p[2]) ~= tonumber(ARGV[5]) then return { 'late' } end
	if tonumber(p[3]) > 1 then
		local debt = tonumber(p[1])
		if ARGV[8] ~= '1' then debt = debt - tonumber(ARGV[7]) end
		redis.call('HSET', KEYS[2], 'd', tostring(debt), 'c', tostring(tonumber(p[3]) - 1))
		redis.call('PEXPIREAT', KEYS[2], math.ceil(debt))
		return { 'late' }
	end
	alone = true
end
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
	redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
	redis.call('PEXPIRE', KEYS[1], math.ceil(window) + tonumber(ARGV[4]) + 1000)
	if not alone then return { '0' } end
	local debt = math.max(tonumber(redis.call('HGET', KEYS[2], 'd')), now + tonumber(ARGV[7]))
	redis.call('HSET', KEYS[2], 'd', tostring(debt), 's', tostring(now), 'c', '1')
	redis.call('PEXPIREAT', KEYS[2], math.ceil(debt))
	return { '0', tostring(now) }
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return { tostring(tonumber(oldest[2]) + window - now) }
`;

/** Moves a pair's debt later, if its burst is still the one named. KEYS: pair. ARGV: burst start, ms. */
const PAIR_LATE = `
local p = redis.call('HMGET', KEYS[1], 'd', 's')
if p[2] == ARGV[1] then
	local debt = tonumber(p[1]) + tonumber(ARGV[2])
	redis.call('HSET', KEYS[1], 'd', tostring(debt))
	redis.call('PEXPIREAT', KEYS[1], math.ceil(debt))
end
return 0
`;

/** Moves a logged dispatch to its answer; with a pair key, the pair's debt runs at least a debt from now. KEYS: log[, pair]. ARGV: ticket, shift ms[, debt ms]. */
const DELAY = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('ZINCRBY', KEYS[1], ARGV[2], ARGV[1]) end
if KEYS[2] then
	local t = redis.call('TIME')
	local debt = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 + tonumber(ARGV[3])
	local held = redis.call('HGET', KEYS[2], 'd')
	if not held then
		redis.call('HSET', KEYS[2], 'd', tostring(debt), 's', '0', 'c', '0')
	elseif tonumber(held) < debt then
		redis.call('HSET', KEYS[2], 'd', tostring(debt))
	end
	redis.call('PEXPIREAT', KEYS[2], math.ceil(math.max(debt, tonumber(held or '0'))))
end
return 0
`;

/**
 * BudgetLimiter's algorithm as one Lua script: a sorted set of the reserved call times per WABA.
 * A call's time is the latest of now, the block, and the time `budget` reservations back plus the
 * window, so no window of that length ever holds more than `budget` calls. A GCRA with burst =
 * budget would be one number instead of a set, but it lets a full burst be followed by one call
 * per window / budget at once, up to 2 x budget - 1 in some rolling hour: not the platform's rule.
 * The set keeps only the last `budget` times (at most 5,000) and expires when the last leaves the window.
 * KEYS: calls, block, sharers. ARGV: window ms, budget, max wait, unique member, process, heartbeat
 * window. Returns { wait or minus the wait, sharers }.
 */
const BUDGET = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
${HEARTBEAT('KEYS[3]', 'ARGV[5]', 'ARGV[6]')}
local window = tonumber(ARGV[1])
local budget = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local due = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
if redis.call('ZCARD', KEYS[1]) >= budget then
	local back = redis.call('ZRANGE', KEYS[1], -budget, -budget, 'WITHSCORES')
	due = math.max(due, tonumber(back[2]) + window)
end
local wait = due - now
if wait > tonumber(ARGV[3]) then return { tostring(-wait), sharers } end
redis.call('ZADD', KEYS[1], due, ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -budget - 1)
redis.call('PEXPIREAT', KEYS[1], math.ceil(due + window) + 1000)
return { tostring(wait), sharers }
`;

/** Blocks a WABA until Redis' now + ARGV[1] ms, unless it is blocked longer already. KEYS: block. */
const BLOCK = `
local t = redis.call('TIME')
local untilMs = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000 + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
	redis.call('SET', KEYS[1], tostring(untilMs))
	redis.call('PEXPIREAT', KEYS[1], math.ceil(untilMs))
end
return 0
`;

/** A script's answer { wait, sharers }: keeps the sharers under `key`, returns the wait. */
function readAnswer(answer: unknown, seen: Map<string, number>, key: string): number {
	const [wait, sharers] = answer as [string, number];
	seen.set(key, Number(sharers));
	return Number(wait);
}

export class RedisLimits implements SharedLimits {
	/** Names this connection (this process) in the shared sets: its budget reservations, its heartbeats. */
	private readonly id = Math.random().toString(36).slice(2);
	private reservations = 0;
	private readonly seen = new Map<string, number>();
	private readonly seenBudget = new Map<string, number>();
	private readonly bursts = new Map<string, string>();
	/** Pairs whose last acquire was refused only to let open bursts fill first (openingHeld). */
	private readonly held = new Set<string>();
	private readonly views = new Map<string, PairView & { now: number }>();

	constructor(
		private readonly client: RedisClient,
		/** Separates accounts: the Graph base URL, so an emulator and Meta never share state. */
		private readonly prefix: string,
		private readonly marginMs = THROUGHPUT_MARGIN_MS,
	) {}

	/** The hash tag {...} keeps a number's keys in one Redis Cluster slot. */
	private base(phoneNumberId: string) {
		return `flowpace:pacing:{${this.prefix}|${phoneNumberId}}`;
	}

	async dispatch(phoneNumberId: string, mps: number, ticket: string, burst?: LeavingBurst): Promise<Leave> {
		const base = this.base(phoneNumberId);
		const log = [THROUGHPUT_WINDOW_MS + this.marginMs, Math.ceil(mps), ticket, IN_FLIGHT_LIMIT_MS];
		const answer = (
			burst
				? await this.client.eval(DISPATCH, 2, `${base}:sent`, `${base}:pair:${burst.recipient}`, ...log, String(burst.start), burst.closesAfterMs, PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS, burst.began ? '1' : '0')
				: await this.client.eval(DISPATCH, 1, `${base}:sent`, ...log)
		) as string[];
		if (answer[0] === 'late') return { wait: 0, late: true };
		return answer[1] ? { wait: 0, restarted: answer[1] } : { wait: Number(answer[0]) };
	}

	async delayDispatch(phoneNumberId: string, ticket: string, shiftMs: number, recipient = 0): Promise<void> {
		const base = this.base(phoneNumberId);
		if (recipient === 0) await this.client.eval(DELAY, 1, `${base}:sent`, ticket, shiftMs - IN_FLIGHT_LIMIT_MS);
		else await this.client.eval(DELAY, 2, `${base}:sent`, `${base}:pair:${recipient}`, ticket, shiftMs - IN_FLIGHT_LIMIT_MS, PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS);
	}

	/** A WABA's keys; the hash tag keeps them in one Redis Cluster slot. */
	private wabaBase(wabaId: string) {
		return `flowpace:pacing:{${this.prefix}|waba:${wabaId}}`;
	}

	async acquireBudget(wabaId: string, budget: number, windowMs: number, maxWaitMs: number): Promise<number> {
		const base = this.wabaBase(wabaId);
		const member = `${this.id}:${this.reservations++}`;
		const answer = await this.client.eval(BUDGET, 3, `${base}:budget`, `${base}:block`, `${base}:sharers`, windowMs, budget, Number.isFinite(maxWaitMs) ? maxWaitMs : 1e15, member, this.id, PROCESS_SEEN_MS);
		return readAnswer(answer, this.seenBudget, wabaId);
	}

	async pairAnswered(phoneNumberId: string, recipient: number, burst: string, lateMs: number): Promise<void> {
		await this.client.eval(PAIR_LATE, 1, `${this.base(phoneNumberId)}:pair:${recipient}`, burst, lateMs);
	}

	burstStarted(phoneNumberId: string, recipient: number): string {
		const key = `${phoneNumberId}:${recipient}`;
		const burst = this.bursts.get(key) ?? '';
		this.bursts.delete(key);
		return burst;
	}

	sharers(phoneNumberId: string): number {
		return this.seen.get(phoneNumberId) ?? 0;
	}

	budgetSharers(wabaId: string): number {
		return this.seenBudget.get(wabaId) ?? 0;
	}

	async blockBudget(wabaId: string, forMs: number): Promise<void> {
		await this.client.eval(BLOCK, 1, `${this.wabaBase(wabaId)}:block`, forMs);
	}

	pairView(phoneNumberId: string, recipient: number): (PairView & { now: number }) | undefined {
		const key = `${phoneNumberId}:${recipient}`;
		const view = this.views.get(key);
		this.views.delete(key);
		return view;
	}

	async restorePairs(phoneNumberId: string, pairs: Array<[number, PairView]>): Promise<void> {
		const base = this.base(phoneNumberId);
		for (let i = 0; i < pairs.length; i += 500) {
			const batch = pairs.slice(i, i + 500);
			const args = batch.flatMap(([, view]) => [view.debt, view.start, view.count]);
			await this.client.eval(RESTORE, batch.length, ...batch.map(([recipient]) => `${base}:pair:${recipient}`), ...args);
		}
	}

	async ping(): Promise<void> {
		await this.client.eval('return 1', 0);
	}

	openingHeld(phoneNumberId: string, recipient: number): boolean {
		return this.held.delete(`${phoneNumberId}:${recipient}`);
	}

	async acquire(phoneNumberId: string, mps: number, recipient: number, maxWaitMs: number, burstMarginMs = PAIR_BURST_MARGIN_MS, openBelowMs = Infinity, answerDelayMs = 0): Promise<number> {
		const base = this.base(phoneNumberId);
		const answer = await this.client.eval(
			ACQUIRE,
			3,
			`${base}:tat`,
			`${base}:pair:${recipient}`,
			`${base}:sharers`,
			(THROUGHPUT_WINDOW_MS + this.marginMs + answerDelayMs) / mps,
			recipient === 0 ? '0' : '1',
			Number.isFinite(maxWaitMs) ? maxWaitMs : 1e15,
			PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS,
			PAIR_BURST_WINDOW_MS - Math.max(PAIR_BURST_MARGIN_MS, burstMarginMs),
			PAIR_BURST_MAX,
			this.id,
			PROCESS_SEEN_MS,
			Number.isFinite(openBelowMs) ? openBelowMs : 1e15,
		);
		const [, , began, debt, start, count, now, held] = answer as string[];
		if (held) this.held.add(`${phoneNumberId}:${recipient}`);
		if (began) this.bursts.set(`${phoneNumberId}:${recipient}`, began);
		if (debt) this.views.set(`${phoneNumberId}:${recipient}`, { debt: Number(debt), start: Number(start), count: Number(count), now: Number(now) });
		return readAnswer(answer, this.seen, phoneNumberId);
	}
}
