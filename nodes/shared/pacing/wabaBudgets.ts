import { BudgetLimiter } from './budgetLimiter';
import type { SharedLimits } from './redisStore';

/** How the budgets tell the pacer whether Redis answered, so that it logs a change of state once. */
export interface SharedHealth {
	up(): void;
	down(error: unknown): void;
}

export interface WabaBudgetOptions {
	budget: number;
	windowMs: number;
	now: () => number;
	shared?: SharedLimits;
	health: SharedHealth;
}

/**
 * The management budget of every WABA: shared by all processes through Redis while it answers,
 * else this process's BudgetLimiter, which notes the shared reservations too so that a fallback
 * still counts this process's own calls of the last hour.
 */
export class WabaBudgets {
	private readonly local = new Map<string, BudgetLimiter>();
	/** Per WABA, the processes last seen sharing its budget: the fallback's share. */
	private readonly sharers = new Map<string, number>();

	constructor(private readonly options: WabaBudgetOptions) {}

	/** Reserves a call; returns the wait (>= 0), or minus the wait when it is over `maxWaitMs`. */
	async acquire(wabaId: string, maxWaitMs: number): Promise<number> {
		const { shared, health, now } = this.options;
		const local = this.limiter(wabaId);
		if (shared) {
			try {
				const wait = await shared.acquireBudget(wabaId, local.budget, local.windowMs, maxWaitMs);
				health.up();
				const sharers = shared.budgetSharers(wabaId);
				if (sharers > 0) this.sharers.set(wabaId, sharers);
				if (wait >= 0) local.note(now() + wait);
				return wait;
			} catch (error) {
				health.down(error);
			}
		}
		// Without Redis, this process's share of the budget: its own calls of the last hour count against it.
		return local.acquire(now(), maxWaitMs, this.sharers.get(wabaId) ?? 1);
	}

	/**
	 * The platform said to wait `forMs` (80007/4 with estimated_time_to_regain_access): every
	 * process waits. Awaited, so that the block is in Redis before the failed call is reported.
	 */
	async block(wabaId: string, forMs: number): Promise<void> {
		const { shared, health, now } = this.options;
		this.limiter(wabaId).blockUntil(now() + forMs);
		if (!shared) return;
		try {
			await shared.blockBudget(wabaId, forMs);
			health.up();
		} catch (error) {
			health.down(error);
		}
	}

	private limiter(wabaId: string): BudgetLimiter {
		let limiter = this.local.get(wabaId);
		if (!limiter) this.local.set(wabaId, (limiter = new BudgetLimiter(this.options.budget, this.options.windowMs)));
		return limiter;
	}
}
