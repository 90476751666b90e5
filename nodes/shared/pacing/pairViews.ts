import { PAIR_MEMORY_MS } from './model';

/** A recipient's pair state in Redis (Redis' clock) as one acquire left it: its debt, burst start and count. */
export interface PairView {
	debt: number;
	start: number;
	count: number;
}

/**
 * Per number, the shared pair state of each recipient as this process last saw it in Redis, for
 * PAIR_MEMORY_MS after it saw it. While Redis is down these recipients wait for it (the others may
 * have booked debt on them since); when Redis returns, each process writes back what it saw: the
 * process that reserved a recipient's last message saw its whole state, so together they restore
 * what a restarted Redis lost.
 */
export class PairViews {
	/** `shared`: seen in Redis; false for a recipient only this process's share sent to while Redis was down. */
	private readonly numbers = new Map<string, Map<number, PairView & { seenAt: number; shared: boolean }>>();
	private learned = 0;

	learn(phoneNumberId: string, recipient: number, view: PairView, now: number) {
		const known = this.known(phoneNumberId, recipient, now);
		// The latest state wins; what this process's answers added past it (answered) keeps the larger debt.
		this.keep(phoneNumberId, recipient, known && known.debt > view.debt ? known : view, true, now);
		if (++this.learned % 1024 === 0) this.forget(now);
	}

	/**
	 * A message to `recipient` was answered at `at` (Redis' clock). A message Redis reserved gets
	 * what Redis does then (SharedLimits.pairAnswered and delayDispatch): the late start of its
	 * burst, and a debt of at least `debtMs` past the answer. One only this process paced (Redis
	 * down) adds its own debt. So what a restarted Redis is given back holds what the answers taught.
	 */
	answered(phoneNumberId: string, recipient: number, answer: { at: number; lateMs: number; burst?: number; reservedInRedis: boolean }, debtMs: number, now: number) {
		const known = this.known(phoneNumberId, recipient, now);
		const view = { ...(known ?? { debt: 0, start: 0, count: 0 }) };
		if (!answer.reservedInRedis) view.debt = Math.max(view.debt, answer.at) + debtMs;
		else {
			if (answer.burst === view.start && answer.lateMs > 0) view.debt += answer.lateMs;
			view.debt = Math.max(view.debt, answer.at + debtMs);
		}
		this.keep(phoneNumberId, recipient, view, known?.shared ?? answer.reservedInRedis, now);
	}

	private known(phoneNumberId: string, recipient: number, now: number) {
		const view = this.numbers.get(phoneNumberId)?.get(recipient);
		return view && view.seenAt > now - PAIR_MEMORY_MS ? view : undefined;
	}

	/** Oldest first (re-inserted on each change), so that forget stops at the first one still recent. */
	private keep(phoneNumberId: string, recipient: number, { debt, start, count }: PairView, shared: boolean, now: number) {
		let pairs = this.numbers.get(phoneNumberId);
		if (!pairs) this.numbers.set(phoneNumberId, (pairs = new Map()));
		pairs.delete(recipient);
		pairs.set(recipient, { debt, start, count, seenAt: now, shared });
	}

	/** Seen in the shared state within PAIR_MEMORY_MS. */
	seen(phoneNumberId: string, recipient: number, now: number): boolean {
		return this.known(phoneNumberId, recipient, now)?.shared === true;
	}

	/** The most messages a recipient's shared burst held, of the states still within PAIR_MEMORY_MS. */
	largestBurst(now: number): number {
		this.forget(now);
		let most = 0;
		for (const pairs of this.numbers.values()) for (const view of pairs.values()) if (view.shared && view.count > most) most = view.count;
		return most;
	}

	/** The states still within PAIR_MEMORY_MS, per number: what a returning Redis is given back. */
	entries(now: number): Array<[string, Array<[number, PairView]>]> {
		this.forget(now);
		return [...this.numbers].map(([phoneNumberId, pairs]) => [phoneNumberId, [...pairs].map(([recipient, { debt, start, count }]) => [recipient, { debt, start, count }])]);
	}

	private forget(now: number) {
		for (const [phoneNumberId, pairs] of this.numbers) {
			for (const [recipient, view] of pairs) {
				if (view.seenAt > now - PAIR_MEMORY_MS) break;
				pairs.delete(recipient);
			}
			if (pairs.size === 0) this.numbers.delete(phoneNumberId);
		}
	}
}
