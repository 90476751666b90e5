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
	private readonly numbers = new Map<string, Map<number, PairView & { seenAt: number }>>();
	private learned = 0;

	learn(phoneNumberId: string, recipient: number, view: PairView, now: number) {
		let pairs = this.numbers.get(phoneNumberId);
		if (!pairs) this.numbers.set(phoneNumberId, (pairs = new Map()));
		const known = pairs.get(recipient);
		// The latest state wins; a fallback's own send noted past it keeps the larger debt.
		const debt = known && known.debt > view.debt && known.seenAt >= now - PAIR_MEMORY_MS ? known : view;
		pairs.delete(recipient);
		pairs.set(recipient, { ...debt, seenAt: now });
		// Oldest first (re-inserted on each view): forget those not seen for PAIR_MEMORY_MS.
		if (++this.learned % 1024 === 0) this.forget(now);
	}

	/** Seen in the shared state within PAIR_MEMORY_MS. */
	seen(phoneNumberId: string, recipient: number, now: number): boolean {
		const view = this.numbers.get(phoneNumberId)?.get(recipient);
		return view !== undefined && view.seenAt > now - PAIR_MEMORY_MS;
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
