import { randomUUID } from 'node:crypto';
import { MaybeSentError } from '../pacing/errors';
import { LATER_STATUS_MS, UnsettledKeyError, type Claim, type IdempotencyOption, type IdempotencyStore } from './idempotency';

/** How long an item waits for the status webhooks to settle a key another send left claimed. */
export const SETTLE_WAIT_MS = LATER_STATUS_MS + 30_000;
/** How often it looks again meanwhile. */
const SETTLE_POLL_MS = 2000;

/** An item's Idempotency Key, where it is kept, and who hears that its send was skipped. */
export interface SendOnce {
	option: IdempotencyOption;
	store: IdempotencyStore;
	/** The key was accepted before: the send was skipped, its earlier answer returned. */
	onSkipped?: () => void;
	/** The message's recipient (`to`), kept with its claim: a send cut off is settled from its status webhooks. */
	to?: string;
	/** How long to wait for a key another send holds to settle (SETTLE_WAIT_MS). */
	settleWaitMs?: number;
	/** The host's timer, to wait on such a key; without one it is refused at once. */
	sleep?: (ms: number) => Promise<void>;
}

/** Wraps a message's request: it claims the key as it leaves and records the answer. */
export type SendGuard = <R>(send: () => Promise<R>) => () => Promise<R>;

/** Another send under the key was accepted while this one waited for its slot. */
class AcceptedBefore extends Error {
	constructor(readonly answer: unknown) {
		super('accepted before');
	}
}

/** Another send claimed the key while this one waited for its slot: look at the key again. */
class ClaimedMeanwhile extends Error {
	constructor() {
		super('claimed meanwhile');
	}
}

/**
 * Runs an operation whose message goes at most once under its key: a key accepted before is
 * skipped with the platform's answer then (shaped by `shape`). A key another send holds without
 * its answer (in flight elsewhere, or cut off) is waited on: its answer, or the status webhooks,
 * settle it (its message: skipped with it; statuses a minute on and none of it: it never arrived,
 * sent now), else it is refused. The key is claimed only as the request leaves (a run stopped
 * while it waited for its slot leaves no claim), freed when the send fails without reaching the
 * platform, and kept as it is when it may have arrived.
 */
export async function sendOnce<T>(once: SendOnce, run: (guard: SendGuard) => Promise<T>, shape: (answer: unknown) => T): Promise<T> {
	const { store, option } = once;
	const { key, ttlMs } = option;
	const owner = randomUUID();
	const deadline = Date.now() + (once.settleWaitMs ?? SETTLE_WAIT_MS);
	const skipped = (answer: unknown) => {
		once.onSkipped?.();
		return shape(answer);
	};
	/** The earlier send's answer, or undefined when the key is free. */
	const earlier = async (): Promise<{ answer: unknown } | undefined> => {
		for (;;) {
			// Only looked at: a run stopped now leaves no claim that no status could settle.
			const claim = await store.look(key);
			if (!claim) return undefined;
			if (claim.state === 'accepted') return { answer: claim.answer };
			const settlement = await settle(claim);
			if (settlement.state === 'accepted') return { answer: settlement.answer };
			if (settlement.state === 'free') continue;
			if (!once.sleep || Date.now() + SETTLE_POLL_MS > deadline) throw new UnsettledKeyError(key);
			await once.sleep(SETTLE_POLL_MS);
		}
	};
	const settle = async (claim: Claim & { state: 'unsettled' }) =>
		claim.to === undefined || claim.at === undefined ? ({ state: 'unknown' } as const) : store.settle(key, { to: claim.to, at: claim.at }, ttlMs);
	const guard: SendGuard = (send) => async () => {
		const claim = await store.claim(key, owner, ttlMs, once.to);
		if (claim.state === 'accepted') throw new AcceptedBefore(claim.answer);
		if (claim.state === 'unsettled') throw new ClaimedMeanwhile();
		const answer = await send();
		await store.accepted(key, answer, ttlMs);
		return answer;
	};
	for (;;) {
		const before = await earlier();
		if (before) return skipped(before.answer);
		try {
			return await run(guard);
		} catch (error) {
			if (error instanceof AcceptedBefore) return skipped(error.answer);
			if (error instanceof ClaimedMeanwhile) continue;
			if (!(error instanceof MaybeSentError)) await store.release(key, owner);
			throw error;
		}
	}
}
