import { BudgetLimiter } from './budgetLimiter';
import { USAGE_SPREAD_PERCENT } from './model';
import type { SharedLimits } from './redisStore';

/** How the budgets tell the pacer whether Redis answered, so that it logs a change of state once. */
export interface SharedHealth {
	up(): void;
	down(error: unknown): void;
}

/** What the platform says of a WABA's budget after a call (X-Business-Use-Case-Usage), as plain numbers. */
export interface BudgetUsage {
	/** The highest of its call count, CPU time and total time, in percent of the budget. */
	percent: number;
	/** estimated_time_to_regain_access, in ms; 0 when it gives none. */
	regainMs: number;
}

export interface WabaBudgetOptions {
	/** The budget of a WABA until one is set for it. */
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
	private readonly budgets = new Map<string, number>();
	/** WABAs whose usage passed USAGE_SPREAD_PERCENT: one call per `intervalMs`, the next not before `next`, for a window after `since`. */
	private readonly spreads = new Map<string, { intervalMs: number; next: number; since: number }>();

	constructor(private readonly options: WabaBudgetOptions) {}

	/** The WABA's calls per window (200 or 5,000; undefined: the default again): a change keeps the calls already counted. */
	setBudget(wabaId: string, budget: number | undefined) {
		if (budget === undefined) this.budgets.delete(wabaId);
		else this.budgets.set(wabaId, budget);
		const limiter = this.local.get(wabaId);
		const next = this.budgetOf(wabaId);
		if (limiter && limiter.budget !== next) this.local.set(wabaId, limiter.withBudget(next));
	}

	budgetOf(wabaId: string): number {
		return this.budgets.get(wabaId) ?? this.options.budget;
	}

	/**
	 * The platform's own count slows calls before the budget runs out: above USAGE_SPREAD_PERCENT the
	 * calls left are spread over the window; a wait it asks for (at 100 %) holds every call that long.
	 */
	async usage(wabaId: string, usage: BudgetUsage): Promise<void> {
		if (usage.regainMs > 0) await this.block(wabaId, usage.regainMs);
		if (usage.percent <= USAGE_SPREAD_PERCENT) {
			this.spreads.delete(wabaId);
			return;
		}
		const left = Math.floor((this.budgetOf(wabaId) * (100 - Math.min(100, usage.percent))) / 100);
		const intervalMs = this.options.windowMs / Math.max(1, left);
		this.spreads.set(wabaId, { intervalMs, next: this.spreads.get(wabaId)?.next ?? 0, since: this.options.now() });
	}

	/** Reserves a call; returns the wait (>= 0), or minus the wait when it is over `maxWaitMs`. */
	async acquire(wabaId: string, maxWaitMs: number): Promise<number> {
		// A usage a window old says nothing of the calls now counted.
		if ((this.spreads.get(wabaId)?.since ?? Infinity) <= this.options.now() - this.options.windowMs) this.spreads.delete(wabaId);
		const spread = this.spreads.get(wabaId);
		const spreadWait = spread ? Math.max(0, spread.next - this.options.now()) : 0;
		if (spreadWait > maxWaitMs) return -spreadWait;
		const wait = await this.reserve(wabaId, maxWaitMs);
		if (wait < 0 || !spread) return wait;
		const due = Math.max(wait, spreadWait);
		spread.next = this.options.now() + due + spread.intervalMs;
		return due;
	}

	private async reserve(wabaId: string, maxWaitMs: number): Promise<number> {
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
		if (!limiter) this.local.set(wabaId, (limiter = new BudgetLimiter(this.budgetOf(wabaId), this.options.windowMs)));
		return limiter;
	}
}
