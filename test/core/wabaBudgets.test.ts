import { describe, expect, it } from 'vitest';
import { BudgetLimiter } from '../../nodes/shared/pacing/budgetLimiter';
import type { SharedLimits } from '../../nodes/shared/pacing/redisStore';
import { WabaBudgets } from '../../nodes/shared/pacing/wabaBudgets';

/** A shared store that answers with fixed waits, or fails as an unreachable Redis does. */
class FakeShared implements Pick<SharedLimits, 'acquireBudget' | 'blockBudget' | 'budgetSharers'> {
	reachable = true;
	wait = 0;
	/** Processes seen sharing the budget, as Redis' heartbeats report them. */
	sharers = 0;
	budgetSharers() {
		return this.sharers;
	}
	readonly calls: Array<[string, ...number[]]> = [];
	async acquireBudget(wabaId: string, budget: number, windowMs: number, maxWaitMs: number) {
		if (!this.reachable) throw new Error('Connection is closed.');
		this.calls.push([wabaId, budget, windowMs, maxWaitMs]);
		return this.wait;
	}
	async blockBudget(wabaId: string, forMs: number) {
		if (!this.reachable) throw new Error('Connection is closed.');
		this.calls.push([`block ${wabaId}`, forMs]);
	}
}

function setup() {
	const shared = new FakeShared();
	const health: string[] = [];
	const budgets = new WabaBudgets({
		budget: 3,
		windowMs: 10_000,
		now: () => 1_000_000,
		shared: shared as unknown as SharedLimits,
		health: { up: () => health.push('up'), down: (error) => health.push(`down: ${(error as Error).message}`) },
	});
	return { shared, health, budgets };
}

describe('management budget fallback (BudgetLimiter.note)', () => {
	it('counts calls reserved elsewhere, so a fallback still keeps this process’s own calls in the window', () => {
		const budget = new BudgetLimiter(2, 10_000);
		budget.note(0);
		budget.note(4000);
		expect(budget.acquire(5000, Infinity)).toBe(5000);
		// A noted time earlier than the last is held at the last: the ring stays in time order.
		const ordered = new BudgetLimiter(2, 10_000);
		ordered.note(6000);
		ordered.note(2000);
		expect(ordered.acquire(7000, Infinity)).toBe(9000);
	});
});

describe('WabaBudgets', () => {
	it('asks the shared store with the budget, window and maximum wait, and notes its reservations locally', async () => {
		const { shared, budgets, health } = setup();
		shared.wait = 2500;
		expect(await budgets.acquire('waba1', 60_000)).toBe(2500);
		expect(shared.calls).toEqual([['waba1', 3, 10_000, 60_000]]);
		expect(health).toEqual(['up']);
		// Redis goes away: the local budget knows the reservation at +2,5 s, and takes 2 more.
		shared.reachable = false;
		expect(await budgets.acquire('waba1', 60_000)).toBe(0);
		expect(await budgets.acquire('waba1', 60_000)).toBe(0);
		expect(await budgets.acquire('waba1', 60_000)).toBe(12_500);
		// Over the maximum wait: refused with the wait it would take (the 2nd call's time + the window).
		expect(await budgets.acquire('waba1', 5_000)).toBe(-12_500);
		expect(health.slice(1)).toEqual(Array(4).fill('down: Connection is closed.'));
	});

	it('does not note a refused shared reservation', async () => {
		const { shared, budgets } = setup();
		shared.wait = -90_000;
		expect(await budgets.acquire('waba1', 60_000)).toBe(-90_000);
		shared.reachable = false;
		for (let i = 0; i < 3; i++) expect(await budgets.acquire('waba1', 60_000)).toBe(0);
	});

	it('blocks the WABA locally and in the shared store, and locally alone while Redis is down', async () => {
		const { shared, budgets, health } = setup();
		await budgets.block('waba2', 7 * 60_000);
		expect(shared.calls).toEqual([['block waba2', 420_000]]);
		shared.reachable = false;
		expect(await budgets.acquire('waba2', Infinity)).toBe(420_000);
		await budgets.block('waba2', 8 * 60_000);
		expect(await budgets.acquire('waba2', Infinity)).toBe(480_000);
		expect(health).toEqual(['up', 'down: Connection is closed.', 'down: Connection is closed.', 'down: Connection is closed.']);
	});
});
