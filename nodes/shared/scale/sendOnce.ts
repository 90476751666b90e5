import { randomUUID } from 'node:crypto';
import { MaybeSentError } from '../pacing/errors';
import { UnsettledKeyError, type Claim, type IdempotencyOption, type IdempotencyStore } from './idempotency';

/** An item's Idempotency Key, where it is kept, and who hears that its send was skipped. */
export interface SendOnce {
	option: IdempotencyOption;
	store: IdempotencyStore;
	/** The key was accepted before: the send was skipped, its earlier answer returned. */
	onSkipped?: () => void;
	/** The message's recipient (`to`), kept with its claim: a send cut off is settled from its status webhooks. */
	to?: string;
}

/** Wraps a message's request: it claims the key as it leaves and records the answer. */
export type SendGuard = <R>(send: () => Promise<R>) => () => Promise<R>;

/** Another send under the key was accepted while this one waited for its slot. */
class AcceptedBefore extends Error {
	constructor(readonly answer: unknown) {
		super('accepted before');
	}
}

/**
 * Runs an operation whose message goes at most once under its key: a key accepted before is
 * skipped with the platform's answer then (shaped by `shape`); one claimed by a send that never
 * got its answer is settled from the status webhooks (a message to its recipient since: skipped
 * with it), else refused. The key is claimed only as the request leaves (a run stopped while
 * it waited for its slot leaves no claim), freed when the send fails without reaching the
 * platform, and kept as it is when it may have arrived.
 */
export async function sendOnce<T>(once: SendOnce, run: (guard: SendGuard) => Promise<T>, shape: (answer: unknown) => T): Promise<T> {
	const { store, option } = once;
	const { key, ttlMs } = option;
	const owner = randomUUID();
	const skipped = (answer: unknown) => {
		once.onSkipped?.();
		return shape(answer);
	};
	/** A claim held by a send never answered: its message, if a status webhook showed it, else refused. */
	const settled = async (claim: Claim) => {
		const answer = claim.state === 'unsettled' && claim.to !== undefined && claim.at !== undefined ? await store.settle(key, { to: claim.to, at: claim.at }, ttlMs) : undefined;
		if (answer === undefined) throw new UnsettledKeyError(key);
		return answer;
	};
	const before = await store.claim(key, owner, ttlMs);
	if (before.state === 'accepted') return skipped(before.answer);
	if (before.state === 'unsettled') return skipped(await settled(before));
	// Claimed only to look: released at once, claimed again as the request leaves.
	await store.release(key, owner);
	const guard: SendGuard = (send) => async () => {
		const claim = await store.claim(key, owner, ttlMs, once.to);
		if (claim.state === 'accepted') throw new AcceptedBefore(claim.answer);
		if (claim.state === 'unsettled') throw new AcceptedBefore(await settled(claim));
		const answer = await send();
		await store.accepted(key, answer, ttlMs);
		return answer;
	};
	try {
		return await run(guard);
	} catch (error) {
		if (error instanceof AcceptedBefore) return skipped(error.answer);
		if (!(error instanceof MaybeSentError) && !(error instanceof UnsettledKeyError)) await store.release(key, owner);
		throw error;
	}
}
