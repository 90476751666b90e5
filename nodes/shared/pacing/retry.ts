/** Retries per call, and of a pair-limit refusal per pair: 4^0 .. 4^4 s = 1, 4, 16, 64, 256 s. */
const MAX_RETRIES = 5;
const MAX_PAIR_EXPONENT = 4;
const THROUGHPUT_BACKOFF_MS = 250;
const BUDGET_BACKOFF_MS = 1000;
const TRANSIENT_BACKOFF_MS = 500;

/**
 * What a failed call means for a retry, as the layer that made the call reads its error
 * (PacerOptions.classify): the pacer knows limits, not errors.
 */
export interface Failure {
	kind:
		/** Refused by the (number, recipient) pair limit: retried after 4^X s, X the pair's refusals in a row. */
		| 'pair'
		/** Refused by the number's throughput: retried when the platform says, else after a short backoff. */
		| 'throughput'
		/** Refused by the WABA's or the app's call budget: retried when the platform says, else backed off. */
		| 'budget'
		/** A fault on the platform's side that a retry can cure. */
		| 'transient'
		/** No answer came: the request may or may not have arrived (see notSent). */
		| 'unanswered'
		/** Anything a retry cannot change: thrown as it is. */
		| 'final';
	/** How long the platform asked to wait before the next call, in ms. */
	waitMs?: number;
	/** Unanswered, and the request certainly never left (refused, DNS): even a message may go again. */
	notSent?: boolean;
	/** What the retry is for, named when it would pass the maximum wait: "retry after error 130429 (…)". */
	reason?: string;
}

export interface RetryState {
	/** Retries of this call so far. */
	attempt: number;
	/** Pair-limit refusals in a row for this (number, recipient) pair: the X of 4^X. */
	pairFailures: number;
	/** A call safe to repeat after it may have reached the platform (a GET); never a message send. */
	repeatable: boolean;
}

/**
 * How long to wait before retrying a failed call, or undefined for no retry. Only failures the
 * platform did not accept are retried: a refusal, or a request that never left (or may be repeated).
 */
export function retryDelay(failure: Failure, state: RetryState): number | undefined {
	if (state.attempt >= MAX_RETRIES) return undefined;
	switch (failure.kind) {
		case 'pair':
			return state.pairFailures > MAX_PAIR_EXPONENT ? undefined : 1000 * 4 ** state.pairFailures;
		case 'throughput':
			return failure.waitMs ?? THROUGHPUT_BACKOFF_MS * 2 ** state.attempt;
		case 'budget':
			return failure.waitMs ?? BUDGET_BACKOFF_MS * 2 ** state.attempt;
		case 'transient':
			return TRANSIENT_BACKOFF_MS * 2 ** state.attempt;
		case 'unanswered':
			return failure.notSent || state.repeatable ? TRANSIENT_BACKOFF_MS * 2 ** state.attempt : undefined;
		default:
			return undefined;
	}
}
