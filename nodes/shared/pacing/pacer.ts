import { MaybeSentError, PacingWaitError } from './errors';
import { MANAGEMENT_WINDOW_MS, parseThroughput, recipientKey, REGISTERED_WABA_BUDGET } from './model';
import { PhoneLimiter } from './phoneLimiter';
import { retryDelay, type Failure } from './retry';
import type { SharedLimits } from './redisStore';
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

/**
 * Runs calls at the highest rate the platform allows and never over it: each call waits for its
 * slot (the number's throughput, the recipient's pair limit, the WABA's hourly budget), sends to
 * one recipient keep their order, and refusals the platform did not accept are retried.
 */
export class Pacer {
	private readonly phones = new Map<string, PhoneLimiter>();
	private readonly budgets: WabaBudgets;
	/** The last call per (number, recipient): the next one starts after it, to keep the order. */
	private readonly chains = new Map<string, Promise<unknown>>();
	/** Consecutive 131056 per pair (the X of 4^X); gone after a success. */
	private readonly pairFailures = new Map<string, number>();
	private sharedDown = false;
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
		// Parsed once per send: the chain, the pair's retries and the pair limit all key on it.
		const recipient = recipientKey(call.recipient);
		const key = `${call.phoneNumberId}:${recipient}`;
		const previous = this.chains.get(key);
		const attempts = () => this.attempts(call, send, settings, recipient, key);
		const mine = previous ? previous.then(ignore, ignore).then(attempts) : attempts();
		this.chains.set(key, mine);
		const forget = () => {
			if (this.chains.get(key) === mine) this.chains.delete(key);
		};
		mine.then(forget, forget);
		return mine;
	}

	/** `recipient` and `pairKey`: the message's parsed recipient and its (number, recipient) key; 0 and '' otherwise. */
	private async attempts<T>(call: PacedCall, send: () => Promise<T>, settings: PacingSettings, recipient: number, pairKey: string) {
		const { now, sleep } = this.options;
		const maxWaitMs = settings.maxWaitMs ?? this.options.defaultMaxWaitMs ?? DEFAULT_MAX_WAIT_MS;
		const started = now();
		for (let attempt = 0; ; attempt++) {
			const dispatch = await this.whileWaiting(this.slot(call, settings, started, maxWaitMs, recipient));
			const sentAt = now();
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
	private async slot(call: PacedCall, settings: PacingSettings, started: number, maxWaitMs: number, recipient: number): Promise<Dispatch | undefined> {
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
		let slot: number;
		for (;;) {
			const remaining = maxWaitMs - (now() - started);
			const before = now();
			const wait = await this.acquire(limiter, call.phoneNumberId, recipient, remaining);
			if (wait >= 0) {
				slot = before + wait;
				if (wait > 0) await sleep(wait);
				break;
			}
			if (-wait > remaining) {
				const limit = limiter.queueMs(now()) >= -wait ? `throughput of phone number ${call.phoneNumberId}` : `pair limit of recipient ${call.recipient} (after a burst, 1 message per 6 s)`;
				throw new PacingWaitError(now() - started - wait, maxWaitMs, limit);
			}
			await sleep(-wait);
		}
		// Timers fire late under load: keep the real dispatch times inside the window too.
		for (let hold = limiter.holdBack(now()); hold > 0; hold = limiter.holdBack(now())) await sleep(hold);
		const sharedTicket = this.options.shared ? `${this.id}:${this.tickets++}` : '';
		let sharedAt = now();
		for (let hold = await this.sharedDispatch(call.phoneNumberId, limiter.mps, sharedTicket); hold > 0; hold = await this.sharedDispatch(call.phoneNumberId, limiter.mps, sharedTicket)) {
			await sleep(hold);
			sharedAt = now();
		}
		const at = now();
		return { limiter, phoneNumberId: call.phoneNumberId, recipient, slot, at, ticket: limiter.dispatched(at), sharedTicket, sharedAt };
	}

	/** A message was answered: a slow answer moves its place in the window later (PhoneLimiter.completed). */
	private answered(dispatch: Dispatch) {
		dispatch.limiter.completed(dispatch.ticket, dispatch.at, this.options.now(), dispatch.recipient, dispatch.slot);
		// Logged in Redis before the request left: move it from then to the answer.
		const sharedShift = this.options.now() - dispatch.sharedAt;
		if (sharedShift > 0 && dispatch.sharedTicket && !this.sharedDown) {
			this.options.shared!.delayDispatch(dispatch.phoneNumberId, dispatch.sharedTicket, sharedShift).catch((error) => this.reportDown(error));
		}
	}

	/** The shared log of dispatch times (see SharedLimits.dispatch); 0 without Redis or while it is down. */
	private async sharedDispatch(phoneNumberId: string, mps: number, ticket: string): Promise<number> {
		const { shared } = this.options;
		if (!shared || this.sharedDown) return 0;
		try {
			return await shared.dispatch(phoneNumberId, mps, ticket);
		} catch (error) {
			this.reportDown(error);
			return 0;
		}
	}

	private reportUp() {
		if (this.sharedDown) this.options.log?.('pacing: Redis is reachable again; the limits are shared across processes again');
		this.sharedDown = false;
	}

	private reportDown(error: unknown) {
		if (!this.sharedDown) this.options.log?.(`pacing: Redis unreachable (${(error as Error).message}); pacing with this process's own state until it returns`);
		this.sharedDown = true;
	}

	private async acquire(limiter: PhoneLimiter, phoneNumberId: string, recipient: number, maxWaitMs: number): Promise<number> {
		const { shared } = this.options;
		if (!shared) return limiter.acquire(recipient, this.options.now(), maxWaitMs);
		try {
			const wait = await shared.acquire(phoneNumberId, limiter.mps, recipient, maxWaitMs);
			this.reportUp();
			return wait;
		} catch (error) {
			this.reportDown(error);
			return limiter.acquire(recipient, this.options.now(), maxWaitMs);
		}
	}

	private phone(phoneNumberId: string, mps: number): PhoneLimiter {
		let limiter = this.phones.get(phoneNumberId);
		if (!limiter) this.phones.set(phoneNumberId, (limiter = new PhoneLimiter(mps)));
		else limiter.setMps(mps);
		return limiter;
	}
}

const ignore = () => undefined;

interface Dispatch {
	limiter: PhoneLimiter;
	phoneNumberId: string;
	recipient: number;
	/** The reserved slot: the pair's burst starts there. */
	slot: number;
	at: number;
	ticket: number;
	sharedTicket: string;
	/** When the successful shared dispatch call was made. */
	sharedAt: number;
}
