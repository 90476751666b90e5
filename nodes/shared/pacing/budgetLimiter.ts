import { MANAGEMENT_WINDOW_MS } from './model';

/**
 * The management budget of one (app, WABA): at most `budget` calls in any rolling hour. The last
 * `budget` reserved times in a ring (8 bytes each, one ring per WABA): a call goes when the one
 * `budget` calls back left the window. `blockUntil` follows the platform when it says to wait.
 */
export class BudgetLimiter {
	private readonly times: Float64Array;
	private head = 0;
	private last = -Infinity;
	private blockedUntil = 0;

	constructor(
		readonly budget: number,
		readonly windowMs = MANAGEMENT_WINDOW_MS,
	) {
		this.times = new Float64Array(budget).fill(-Infinity);
	}

	/**
	 * Reserves a call; returns the wait (>= 0), or minus the wait when it is over `maxWaitMs`.
	 * `share`: the processes sharing the budget that cannot coordinate (Redis down); this one keeps
	 * to a `share`-th of it.
	 */
	acquire(now: number, maxWaitMs: number, share = 1): number {
		const allowed = Math.max(1, Math.floor(this.budget / share));
		const back = this.times[(this.head - allowed + this.budget) % this.budget];
		const due = Math.max(now, back + this.windowMs, this.blockedUntil);
		const wait = due - now;
		if (wait > maxWaitMs) return -wait;
		this.note(due);
		return wait;
	}

	/**
	 * Records a call reserved elsewhere (the shared budget in Redis), so that this process still
	 * knows its own calls if it has to fall back to this limiter. Times are kept non-decreasing (a
	 * later time only holds the next calls longer): then "`budget` calls back" is also the oldest.
	 */
	note(time: number) {
		this.last = Math.max(this.last, time);
		this.times[this.head] = this.last;
		this.head = this.head + 1 === this.times.length ? 0 : this.head + 1;
	}

	/** The same calls under another budget (the WABA got or lost its registered number): the latest are kept. */
	withBudget(budget: number): BudgetLimiter {
		const resized = new BudgetLimiter(budget, this.windowMs);
		const times = [...this.times.subarray(this.head), ...this.times.subarray(0, this.head)].filter((time) => time > -Infinity);
		for (const time of times.slice(-budget)) resized.note(time);
		resized.blockUntil(this.blockedUntil);
		return resized;
	}

	blockUntil(time: number) {
		if (time > this.blockedUntil) this.blockedUntil = time;
	}
}
