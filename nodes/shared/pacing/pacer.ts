import { MaybeSentError, PacingWaitError } from './errors';
import { IN_FLIGHT_LIMIT_MS, LATENESS_MEMORY_MS, MANAGEMENT_WINDOW_MS, OPEN_QUEUE_MS, PAIR_BURST_WINDOW_MS, PAIR_DEBT_MS, parseThroughput, PAIR_BURST_MARGIN_MS, recipientKey, REGISTERED_WABA_BUDGET, SETTLE_MS, SHARED_PAIR_MARGIN_MS, THROUGHPUT_MARGIN_MS, THROUGHPUT_WINDOW_MS } from './model';
import { OpeningTurns } from './openingTurns';
import { PairViews, type PairView } from './pairViews';
import { PhoneLimiter } from './phoneLimiter';
import { RecipientTurns, type Turn } from './recipientTurns';
import { RecentMax } from './recentMax';
import { retryDelay, type Failure } from './retry';
import type { Leave, LeavingBurst, SharedLimits } from './redisStore';
import { WabaBudgets, type BudgetUsage } from './wabaBudgets';

export type { BudgetUsage } from './wabaBudgets';

/** Which limits a call counts against, by their keys. */
export type PacingKeys =
	/** A message: the sending number's throughput and the (number, recipient or group) pair limit. */
	| { kind: 'message'; phoneNumberId: string; recipient: string }
	/** A management call: the hourly budget of the WABA it counts against. */
	| { kind: 'management'; wabaId: string }
	/** A lookup the platform limits per number and second; `what` names the limit in errors. */
	| { kind: 'lookup'; phoneNumberId: string; perSecond: number; what: string }
	/** A call the platform counts against none of these limits: still retried and bounded by the maximum wait. */
	| { kind: 'none' };

/** A call's keys, and whether it is safe to repeat after it may have reached the platform (a GET; a message never is). */
export type PacedCall = PacingKeys & { repeatable?: boolean };

export interface PacingSettings {
	/** Messages per second of the number: 80, 1,000, or `standard` / `high`. */
	throughput?: string | number;
	/** The longest an item may wait for its slot and retries, in ms. */
	maxWaitMs?: number;
}

/** What an item's output carries: how long it waited, how often it was retried. */
export interface PacingInfo {
	waitedMs: number;
	retries: number;
}

export interface PacerOptions {
	now: () => number;
	/** Reads a failed call's error for the retry decision: given by the layer that makes the calls. */
	classify: (error: unknown) => Failure;
	sleep: (ms: number) => Promise<void>;
	/** Limits shared across processes (Redis); this process's own state when absent or unreachable. */
	shared?: SharedLimits;
	log?: (message: string) => void;
	/** A WABA's management calls per window until `setManagementBudget` says otherwise: 5,000. */
	managementBudget?: number;
	/** The management budget's rolling window: an hour (tests scale it down). */
	managementWindowMs?: number;
	defaultMaxWaitMs?: number;
}

const DEFAULT_MAX_WAIT_MS = 300_000;
/** How often a message held for Redis asks again (and, at most, how often Redis is probed meanwhile). */
const HOLD_POLL_MS = 250;
/** At most this often a message held from beginning a burst asks again (OPEN_QUEUE_MS). */
const OPENING_POLL_MS = 10;
/**
 * A message held from beginning a burst asks again this soon before its turn, then twice as late
 * each time up to the maximum: with Redis, another process may begin its recipient's burst, which
 * then closes about 4 s later (see acquireInTurn).
 */
const JOIN_CHECK_MS = 250;
const JOIN_CHECK_MAX_MS = 2000;
/** The weight of each answer in `answerDelayMs` (an exponential mean over about the last 20). */
const ANSWER_DELAY_WEIGHT = 0.05;
/** A burst's late joiners have handed their bookings back this long after it closed (see askAgainIn). */
const HANDBACKS_DONE_MS = 1000;

/**
 * Runs calls at the highest rate the platform allows and never over it: each call waits for its
 * slot (the number's throughput, the recipient's pair limit, the WABA's hourly budget), sends to
 * one recipient leave in order, and refusals the platform did not accept are retried.
 */
export class Pacer {
	private readonly phones = new Map<string, PhoneLimiter>();
	/**
	 * With Redis: per number, what this process falls back to while Redis is down: its share of the
	 * limits, and its own sends of late (noted as Redis allowed them).
	 */
	private readonly fallbacks = new Map<string, PhoneLimiter>();
	/** Per number, the processes last seen sharing it: a fallback's share. */
	private readonly sharers = new Map<string, number>();
	/** Redis answered again after an outage: until then, the fallback shares still hold (SETTLE_MS). */
	private settleUntil = 0;
	private readonly budgets: WabaBudgets;
	/** Per (number, recipient), the order its messages take their slots and leave in. */
	private readonly turns = new RecipientTurns();
	/** Per number, the messages held from beginning a burst ask again one at a time (OPEN_QUEUE_MS). */
	private readonly openingTurns = new OpeningTurns();
	/** Consecutive 131056 per pair (the X of 4^X); gone after a success. */
	private readonly pairFailures = new Map<string, number>();
	private sharedDown = false;
	/** When Redis last went down: a recipient this process never saw then waits `unseenDebtMs` from it. */
	private outageStart = 0;
	/**
	 * The debt another process may have booked on a recipient this process never saw, as of the
	 * outage: the longest burst it saw in the shared state lately, at least one message. Bursts of a
	 * campaign to shared recipients are alike, so its sends to an unseen one wait for Redis instead of
	 * landing in the others' burst debt; a campaign to distinct recipients waits one debt.
	 */
	private unseenDebtMs = PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS;
	/** Redis went down: the fallbacks send nothing before this (PhoneLimiter.pause). */
	private outagePauseUntil = 0;
	/** Each recipient's shared pair state as last seen (see PairViews). */
	private readonly views = new PairViews();
	/** Redis' clock less ours, as the last acquire saw it (an upper bound: the script ran after `before`). */
	private redisOffset?: number;
	/**
	 * The slowest answers of late, from a message's slot (or its last check against its shared
	 * burst, as it left) to its answer: the platform counts a burst from its first message's
	 * arrival, so a message that arrives later than the first by more than the burst's early close
	 * lands past the burst and is refused (131056). The shared burst closes early by at least this
	 * much (Meta's "Pair rate limit": 6 s bursts, then one message per 6 s).
	 */
	private readonly lateness = new RecentMax(LATENESS_MEMORY_MS);
	/**
	 * The mean time of late from a send's entry in the shared dispatch log to its answer. The log
	 * counts each send from its answer (it may arrive that late), so it lets N sends go per window +
	 * margin + this delay; the shared schedule spaces its slots as far apart. Slots at the bare rate
	 * would run ahead of the sends, which would then leave later and later after their slots, each
	 * recipient's burst closing that much earlier for the messages that join it.
	 */
	private answerDelayMs = 0;
	private probing?: Promise<void>;
	/** The messages awaiting their answers, oldest first: an unanswered one is at least that late already (Dispatch.lateFrom). */
	private readonly unanswered = new Set<{ lateFrom: number }>();
	/** Names this process's dispatches in the shared log. */
	private readonly id = Math.random().toString(36).slice(2);
	private tickets = 0;
	/** Calls waiting for their slot or retry. */
	waiting = 0;

	constructor(private readonly options: PacerOptions) {
		const { now, shared, managementBudget, managementWindowMs } = options;
		const health = { up: () => this.reportUp(), down: (error: unknown) => this.reportDown(error) };
		this.budgets = new WabaBudgets({ budget: managementBudget ?? REGISTERED_WABA_BUDGET, windowMs: managementWindowMs ?? MANAGEMENT_WINDOW_MS, now, shared, health });
	}

	/** The WABA's hourly budget of management calls: 5,000 with a registered number, 200 without; undefined: the default. */
	setManagementBudget(wabaId: string, budget: number | undefined) {
		this.budgets.setBudget(wabaId, budget);
	}

	/** What the platform said of the WABA's budget after a call: slows the next calls before it runs out. */
	reportManagementUsage(wabaId: string, usage: BudgetUsage): Promise<void> {
		return this.budgets.usage(wabaId, usage);
	}

	/** Sends per second of a number in the last second (this process), for status lines. */
	rate(phoneNumberId: string): number {
		return this.phones.get(phoneNumberId)?.rate(this.options.now()) ?? 0;
	}

	async run<T>(call: PacedCall, send: () => Promise<T>, settings: PacingSettings = {}): Promise<{ result: T; pacing: PacingInfo }> {
		if (call.kind !== 'message') return this.attempts(call, send, settings, 0, '');
		// Parsed once per send: the turns, the pair's retries and the pair limit all key on it.
		const recipient = recipientKey(call.recipient);
		const key = `${call.phoneNumberId}:${recipient}`;
		const turn = this.turns.take(key);
		try {
			await turn.mayReserve();
			return await this.attempts(call, send, settings, recipient, key, turn);
		} finally {
			turn.leaves();
		}
	}

	/**
	 * `recipient` and `pairKey`: the message's parsed recipient and its (number, recipient) key; 0
	 * and '' otherwise. `turn`: its place among the messages to that recipient.
	 */
	private async attempts<T>(call: PacedCall, send: () => Promise<T>, settings: PacingSettings, recipient: number, pairKey: string, turn?: Turn) {
		const { now, sleep } = this.options;
		const maxWaitMs = settings.maxWaitMs ?? this.options.defaultMaxWaitMs ?? DEFAULT_MAX_WAIT_MS;
		const started = now();
		for (let attempt = 0; ; attempt++) {
			const dispatch = await this.whileWaiting(this.slot(call, settings, started, maxWaitMs, recipient, turn));
			const sentAt = now();
			turn?.leaves();
			try {
				const result = await send().finally(() => dispatch && this.answered(dispatch));
				this.pairFailures.delete(pairKey);
				return { result, pacing: { waitedMs: Math.round(sentAt - started), retries: attempt } };
			} catch (error) {
				const failure = this.options.classify(error);
				const pairFailures = this.pairFailures.get(pairKey) ?? 0;
				const delay = retryDelay(failure, { attempt, pairFailures, repeatable: call.kind !== 'message' && call.repeatable === true });
				if (delay === undefined) {
					this.pairFailures.delete(pairKey);
					// A message that may have arrived is never sent again: the error says so.
					throw call.kind === 'message' && failure.kind === 'unanswered' && !failure.notSent ? new MaybeSentError(error as Error) : error;
				}
				if (failure.kind === 'pair') this.pairFailures.set(pairKey, pairFailures + 1);
				if (call.kind === 'management' && failure.kind === 'budget') await this.budgets.block(call.wabaId, delay);
				const needed = now() + delay - started;
				if (needed > maxWaitMs) {
					this.pairFailures.delete(pairKey);
					throw new PacingWaitError(needed, maxWaitMs, failure.reason ?? 'retry', error);
				}
				await this.whileWaiting(sleep(delay));
			}
		}
	}

	private async whileWaiting<T>(promise: Promise<T>): Promise<T> {
		this.waiting++;
		try {
			return await promise;
		} finally {
			this.waiting--;
		}
	}

	/** Waits until the call may go; throws PacingWaitError when that is past the maximum wait. */
	private async slot(call: PacedCall, settings: PacingSettings, started: number, maxWaitMs: number, recipient: number, turn?: Turn): Promise<Dispatch | undefined> {
		const { now, sleep } = this.options;
		if (call.kind === 'none') return;
		if (call.kind === 'lookup') {
			const limiter = this.phone(`${call.what}:${call.phoneNumberId}`, call.perSecond);
			const wait = limiter.acquire(0, now(), maxWaitMs - (now() - started));
			if (wait < 0) throw new PacingWaitError(now() - started - wait, maxWaitMs, `${call.what} limit of phone number ${call.phoneNumberId} (${call.perSecond} per second)`);
			if (wait > 0) await sleep(wait);
			return;
		}
		if (call.kind === 'management') {
			const wait = await this.budgets.acquire(call.wabaId, maxWaitMs - (now() - started));
			if (wait < 0) throw new PacingWaitError(now() - started - wait, maxWaitMs, 'hourly management-call budget of the WABA');
			// A timer may fire a millisecond early: never send before the reserved time.
			for (const due = now() + wait; now() < due; ) await sleep(due - now());
			return;
		}
		const limiter = this.phone(call.phoneNumberId, parseThroughput(settings.throughput));
		let slot = 0;
		/** The limiter that keeps this send's real dispatch time: this process's share of it while Redis is away. */
		let pace = limiter;
		let sharedTicket = '';
		let sharedAt = 0;
		let sharedBurst = '';
		/** The recipient's shared burst as this send joined it: its start, and Redis' clock less ours. */
		let joined: { start: number; offset: number } | undefined;
		let reservedInRedis = false;
		/** How long it waited for the recipient's message before it to leave: not its own lateness. */
		let turnWait = 0;
		/** When the send was last checked against its shared burst (LeavingBurst): its lateness counts from there. */
		let lateFrom: number | undefined;
		/** This process's share of the limits, which also logs a send Redis paces: it holds the send should Redis go away meanwhile. */
		let fallback: PhoneLimiter | undefined;
		for (let ready = false; !ready; ) {
			for (;;) {
				const left = () => maxWaitMs - (now() - started);
				const { wait, own, view, burst, inRedis, before, heldToOpen } = await this.acquireInTurn(limiter, call.phoneNumberId, recipient, left);
				const remaining = left();
				pace = own;
				reservedInRedis = inRedis;
				if (view) this.redisOffset = view.now - before;
				joined = view && { start: view.start, offset: view.now - before };
				if (wait >= 0) {
					slot = before + wait;
					sharedBurst = burst ?? '';
					turn?.hasReserved();
					if (wait > 0) await sleep(wait);
					break;
				}
				if (-wait > remaining) {
					const limit = heldToOpen || limiter.queueMs(now()) >= -wait ? `throughput of phone number ${call.phoneNumberId}` : `pair limit of recipient ${call.recipient} (after a burst, 1 message per 6 s)`;
					throw new PacingWaitError(now() - started - wait, maxWaitMs, limit);
				}
				await sleep(askAgainIn(-wait, view));
			}
			// The recipient's message before it leaves first.
			const turnFrom = now();
			await turn?.mayLeave();
			turnWait = now() - turnFrom;
			// Timers fire late under load: keep the real dispatch times inside the window too.
			for (let hold = pace.holdBack(now()); hold > 0; hold = pace.holdBack(now())) await sleep(hold);
			sharedTicket = this.options.shared ? `${this.id}:${this.tickets++}` : '';
			sharedAt = now();
			const leaving = () => joined && { recipient, start: joined.start, closesAfterMs: PAIR_BURST_WINDOW_MS - this.burstMargin(), began: sharedBurst !== '' };
			let leave = await this.sharedDispatch(call.phoneNumberId, limiter.mps, sharedTicket, leaving());
			while (leave && leave.wait > 0) {
				await sleep(leave.wait);
				sharedAt = now();
				leave = await this.sharedDispatch(call.phoneNumberId, limiter.mps, sharedTicket, leaving());
			}
			// Redis went away while this send waited on its log: hold it to this process's share instead.
			fallback = pace === limiter ? this.fallbacks.get(call.phoneNumberId) : undefined;
			if (fallback && this.sharedDown) for (let hold = fallback.holdBack(now()); hold > 0; hold = fallback.holdBack(now())) await sleep(hold);
			// A message of a shared burst held past its slot might arrive after the burst has closed at
			// the platform (131056). Redis checks it as it goes (LeavingBurst); without Redis, this
			// process does, and the booking it leaves only adds debt, which errs on the safe side.
			ready = leave ? !leave.late : !(joined && now() + joined.offset > joined.start + PAIR_BURST_WINDOW_MS - this.burstMargin());
			// Checked against its burst in Redis as it left: only the way from that check on can make it arrive late.
			lateFrom = leave && joined ? sharedAt : undefined;
			if (leave?.restarted) {
				// Alone in its burst, it starts the burst as it leaves: its lateness counts from now.
				slot = now();
				sharedBurst = leave.restarted;
				turnWait = 0;
			}
			if (!ready) turn?.leaves();
		}
		const at = now();
		// On the shared limits, the fallback's log keeps this process's sends too: should Redis go
		// down, its share counts the sends of the last window instead of starting from none.
		const mirror = fallback && { limiter: fallback, ticket: fallback.dispatched(at) };
		const dispatch = { limiter: pace, phoneNumberId: call.phoneNumberId, recipient, slot, at, ticket: pace.dispatched(at), mirror, sharedTicket, sharedAt, sharedBurst, reservedInRedis, lateFrom: lateFrom ?? slot + turnWait };
		if (recipient !== 0) this.unanswered.add(dispatch);
		return dispatch;
	}

	/** A message was answered: a slow answer moves its place in the window later (PhoneLimiter.completed). */
	private answered(dispatch: Dispatch) {
		const now = this.options.now();
		dispatch.limiter.completed(dispatch.ticket, dispatch.at, now, dispatch.recipient, dispatch.slot);
		dispatch.mirror?.limiter.completed(dispatch.mirror.ticket, dispatch.at, now);
		const late = now - dispatch.slot;
		if (dispatch.recipient !== 0) this.lateness.add(now - dispatch.lateFrom, now);
		this.unanswered.delete(dispatch);
		if (dispatch.recipient !== 0 && this.redisOffset !== undefined) {
			const answer = { at: now + this.redisOffset, lateMs: late, burst: dispatch.sharedBurst ? Number(dispatch.sharedBurst) : undefined, reservedInRedis: dispatch.reservedInRedis };
			this.views.answered(dispatch.phoneNumberId, dispatch.recipient, answer, PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS, now);
		}
		if (dispatch.sharedBurst && late > 0 && !this.sharedDown) {
			this.options.shared!.pairAnswered(dispatch.phoneNumberId, dispatch.recipient, dispatch.sharedBurst, late).catch((error) => this.reportDown(error));
		}
		// Logged in Redis as in flight before the request left: it counts from its answer.
		const sharedShift = Math.max(0, now - dispatch.sharedAt);
		// Unanswered, a send counts in the log up to IN_FLIGHT_LIMIT_MS after it left; a much later answer no longer moves it.
		if (dispatch.sharedTicket) this.answerDelayMs += ANSWER_DELAY_WEIGHT * (Math.min(sharedShift, IN_FLIGHT_LIMIT_MS) - this.answerDelayMs);
		if (dispatch.sharedTicket && !this.sharedDown) {
			this.options.shared!.delayDispatch(dispatch.phoneNumberId, dispatch.sharedTicket, sharedShift, dispatch.recipient).catch((error) => this.reportDown(error));
		}
	}

	/** The shared log of dispatch times (see SharedLimits.dispatch); undefined without Redis or while it is down. */
	private async sharedDispatch(phoneNumberId: string, mps: number, ticket: string, burst: LeavingBurst | undefined): Promise<Leave | undefined> {
		const { shared } = this.options;
		if (!shared || this.sharedDown) return undefined;
		try {
			return await shared.dispatch(phoneNumberId, mps, ticket, burst);
		} catch (error) {
			this.reportDown(error);
			return undefined;
		}
	}

	private reportUp() {
		if (this.sharedDown) {
			this.restorePairs();
			// Sends held by the outage's pause go when it ends, logged by this process alone: the shared log takes over after them.
			const now = this.options.now();
			this.settleUntil = Math.max(now, this.outagePauseUntil) + SETTLE_MS;
			this.options.log?.(`pacing: Redis is reachable again; the limits are shared across processes again (this process's share for ${((this.settleUntil - now) / 1000).toFixed(1)} s more, so the return brings no burst)`);
		}
		this.sharedDown = false;
	}

	private reportDown(error: unknown) {
		if (!this.sharedDown) {
			const now = this.options.now();
			this.outageStart = now;
			this.unseenDebtMs = Math.max(1, this.views.largestBurst(now)) * (PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS);
			const most = Math.max(1, ...this.sharers.values());
			// The others' sends of the last window, and those still on their way (Redis counted them
			// until their answers, which this process cannot see), are out of sight now.
			this.outagePauseUntil = most > 1 ? now + THROUGHPUT_WINDOW_MS + THROUGHPUT_MARGIN_MS + IN_FLIGHT_LIMIT_MS : 0;
			for (const fallback of this.fallbacks.values()) fallback.pause(this.outagePauseUntil);
			this.options.log?.(
				`pacing: Redis unreachable (${(error as Error).message}); until it returns, each limit is paced at this process's share: ` +
					`the limit divided by the processes last seen sharing it (${most === 1 ? 'this one alone' : `up to ${most}, after a pause of ${((this.outagePauseUntil - now) / 1000).toFixed(1)} s in which the other processes' last sends leave the window`})`,
			);
		}
		this.sharedDown = true;
	}

	/**
	 * The number's next slot: from the limits shared in Redis while it answers; else (and for
	 * SETTLE_MS after it returns) from this process's share of them, which never exceeds the limit
	 * however many processes fall back at once.
	 */
	private async acquire(limiter: PhoneLimiter, phoneNumberId: string, recipient: number, maxWaitMs: number): Promise<Acquired> {
		const { shared, now } = this.options;
		if (!shared) return { ...this.acquireHere(limiter, recipient, maxWaitMs), own: limiter, inRedis: false };
		const fallback = this.fallback(phoneNumberId, limiter.mps);
		const held = this.heldForRedis(phoneNumberId, recipient);
		if (held > 0) {
			await this.probe();
			return { wait: -Math.min(held, HOLD_POLL_MS), own: fallback, inRedis: false };
		}
		try {
			const wait = await shared.acquire(phoneNumberId, limiter.mps, recipient, maxWaitMs, this.burstMargin(), OPEN_QUEUE_MS, this.answerDelayMs);
			if (wait < 0 && recipient !== 0 && shared.openingHeld(phoneNumberId, recipient)) {
				this.reportUp();
				return { wait: -Math.max(OPENING_POLL_MS, -wait), own: limiter, inRedis: true, heldToOpen: true };
			}
			// Read with the answer they belong to: the recipient's next message may ask before this one leaves.
			const view = recipient !== 0 ? shared.pairView(phoneNumberId, recipient) : undefined;
			const burst = recipient !== 0 ? shared.burstStarted(phoneNumberId, recipient) : '';
			if (view) this.views.learn(phoneNumberId, recipient, view, now());
			this.reportUp();
			if (now() >= this.settleUntil) {
				// Not while settling: a restarted Redis has lost the heartbeats of those still reconnecting.
				const sharers = shared.sharers(phoneNumberId);
				if (sharers > 0) this.sharers.set(phoneNumberId, sharers);
				if (wait >= 0) fallback.note(recipient, now() + wait);
				return { wait, own: limiter, view, burst, inRedis: true };
			}
			if (wait < 0) return { wait, own: fallback, inRedis: true };
			fallback.closeBurstsEarly(this.burstMargin());
			const own = fallback.acquire(recipient, now(), maxWaitMs);
			return { wait: own < 0 ? own : Math.max(own, wait), own: fallback, view, burst, inRedis: true };
		} catch (error) {
			this.reportDown(error);
			const held = this.heldForRedis(phoneNumberId, recipient);
			if (held > 0) return { wait: -Math.min(held, HOLD_POLL_MS), own: fallback, inRedis: false };
			return { ...this.acquireHere(fallback, recipient, maxWaitMs), own: fallback, inRedis: false };
		}
	}

	/**
	 * `acquire`; a send held from beginning a burst waits for its turn among the sends so held, then
	 * asks again in its turn until it is no longer held (or its wait would pass `left()`). With
	 * Redis it also asks now and then before its turn: another process may have begun its
	 * recipient's burst meanwhile, and it then joins that burst before it closes instead of waiting
	 * behind this process's openers. `before`: the time of the last ask, from which its wait counts.
	 */
	private async acquireInTurn(limiter: PhoneLimiter, phoneNumberId: string, recipient: number, left: () => number): Promise<Acquired & { before: number }> {
		let place: { turn: Promise<void>; leave: () => void } | undefined;
		let inTurn = false;
		let askAgainMs = JOIN_CHECK_MS;
		try {
			for (;;) {
				const before = this.options.now();
				const answer = await this.acquire(limiter, phoneNumberId, recipient, left());
				if (!answer.heldToOpen) return { ...answer, before };
				// Its slot comes after the queue and the sends held before it: past the maximum wait, it fails now.
				const expected = -answer.wait + OPEN_QUEUE_MS + this.openingTurns.waiting(phoneNumberId) * limiter.spacingMs;
				if (expected > left()) return { ...answer, wait: -expected, before };
				if (inTurn) {
					await this.options.sleep(-answer.wait);
					continue;
				}
				if (!place) {
					place = this.openingTurns.enter(phoneNumberId);
					void place.turn.then(() => (inTurn = true));
				}
				await (this.options.shared && !this.sharedDown ? Promise.race([place.turn, this.options.sleep(askAgainMs)]) : place.turn);
				askAgainMs = Math.min(2 * askAgainMs, JOIN_CHECK_MAX_MS);
			}
		} finally {
			place?.leave();
		}
	}

	/**
	 * A slot from this process's own limiter, its bursts closed as early as the shared ones (a slow
	 * host's joiner might otherwise land past the platform's burst); a message held from beginning a
	 * burst reserves nothing (OPEN_QUEUE_MS).
	 */
	private acquireHere(limiter: PhoneLimiter, recipient: number, maxWaitMs: number): { wait: number; heldToOpen?: true } {
		const now = this.options.now();
		if (recipient !== 0) limiter.closeBurstsEarly(this.burstMargin());
		const held = recipient !== 0 ? limiter.openingHeld(recipient, now, OPEN_QUEUE_MS) : 0;
		if (held > 0) return { wait: -Math.max(OPENING_POLL_MS, held), heldToOpen: true };
		return { wait: limiter.acquire(recipient, now, maxWaitMs) };
	}

	/**
	 * While Redis is down (and settling after), how long a message to `recipient` must still wait
	 * before this process's share may send it: a recipient seen in the shared state lately waits for
	 * Redis (the others' debt on it is unknown); one never seen waits from the outage's start the debt
	 * the others' bursts may have left on it (`unseenDebtMs`).
	 */
	private heldForRedis(phoneNumberId: string, recipient: number): number {
		const now = this.options.now();
		if (recipient === 0 || (!this.sharedDown && now >= this.settleUntil)) return 0;
		if (this.views.seen(phoneNumberId, recipient, now)) return this.sharedDown ? HOLD_POLL_MS : this.settleUntil - now;
		return this.outageStart + this.unseenDebtMs + this.burstMargin() - now;
	}

	/**
	 * How much earlier than the platform a recipient's burst closes: twice the slowest answer of late
	 * (or the oldest still unanswered) plus a second. A loaded host's delays come in spikes that pass
	 * the last minute's slowest: n8n workers starting executions on a busy machine sent joiners that
	 * arrived past their bursts with a margin of the slowest answer plus a second.
	 */
	private burstMargin(): number {
		const now = this.options.now();
		const oldest = this.unanswered.values().next().value;
		return PAIR_BURST_MARGIN_MS + 2 * Math.max(this.lateness.get(now), oldest ? now - oldest.lateFrom : 0);
	}

	/** While Redis is down and every message waits for it, one call at a time asks whether it is back. */
	private async probe() {
		const { shared } = this.options;
		if (!shared || !this.sharedDown) return;
		this.probing ??= shared
			.ping()
			.then(
				() => this.reportUp(),
				() => this.options.sleep(HOLD_POLL_MS),
			)
			.finally(() => (this.probing = undefined));
		await this.probing;
	}

	/** Redis is back: gives it the pair states this process saw, which a restart lost (PairViews). */
	private restorePairs() {
		const { shared, now } = this.options;
		for (const [phoneNumberId, pairs] of this.views.entries(now())) {
			shared!.restorePairs(phoneNumberId, pairs).catch((error) => this.reportDown(error));
		}
	}

	/** The number's fallback limiter at this process's current share (a process never seen sharing paces alone). */
	private fallback(phoneNumberId: string, mps: number): PhoneLimiter {
		let limiter = this.fallbacks.get(phoneNumberId);
		if (!limiter) {
			this.fallbacks.set(phoneNumberId, (limiter = new PhoneLimiter(mps)));
			// A number first paced during an outage's pause waits it out too (reportDown paused the others).
			limiter.pause(this.outagePauseUntil);
		} else limiter.setMps(mps);
		limiter.setShare(this.sharers.get(phoneNumberId) ?? 1);
		return limiter;
	}

	private phone(phoneNumberId: string, mps: number): PhoneLimiter {
		let limiter = this.phones.get(phoneNumberId);
		if (!limiter) this.phones.set(phoneNumberId, (limiter = new PhoneLimiter(mps)));
		else limiter.setMps(mps);
		return limiter;
	}
}

/** A slot's answer: the wait (minus the time to ask again), the limiter that keeps the dispatch, and what Redis said. */
interface Acquired {
	wait: number;
	own: PhoneLimiter;
	view?: PairView & { now: number };
	/** The recipient's burst this answer began in Redis (SharedLimits.burstStarted); '' or absent otherwise. */
	burst?: string;
	inRedis: boolean;
	/** Refused only because the send would begin a burst while the throughput is booked ahead (OPEN_QUEUE_MS). */
	heldToOpen?: true;
}

interface Dispatch {
	limiter: PhoneLimiter;
	phoneNumberId: string;
	recipient: number;
	/** The reserved slot: the pair's burst starts there. */
	slot: number;
	at: number;
	ticket: number;
	/** The same send in the fallback's log (see slot). */
	mirror?: { limiter: PhoneLimiter; ticket: number };
	sharedTicket: string;
	/** The recipient's burst this send began in Redis (SharedLimits.burstStarted); '' otherwise. */
	sharedBurst: string;
	/** When the successful shared dispatch call was made. */
	sharedAt: number;
	/** Its pair slot was reserved in Redis (false: by this process's share alone, Redis down). */
	reservedInRedis: boolean;
	/**
	 * From when its arrival may be late: its slot, after the wait for the recipient's message before
	 * it to leave (that one's lateness, already counted); or its last check against its shared burst.
	 */
	lateFrom: number;
}

/**
 * When a message refused by its recipient's debt asks again. Late joiners of the recipient's burst
 * hand their bookings back (LeavingBurst) until shortly after it closes, so a debt told during the
 * burst may shrink: the messages told different debts would wake apart and miss each other's next
 * burst. Asked during the burst, it asks again once the hand-backs are done.
 */
function askAgainIn(waitMs: number, view?: PairView & { now: number }): number {
	const settled = view ? view.start + PAIR_BURST_WINDOW_MS + HANDBACKS_DONE_MS - view.now : 0;
	return settled > 0 && settled < waitMs ? settled : waitMs;
}
