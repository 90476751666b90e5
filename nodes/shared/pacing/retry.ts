import { GraphApiError } from '../graph/errors';
import { TransportError } from '../graph/transport';

/** Retries per call, and of 131056 per pair: 4^0 .. 4^4 s = 1, 4, 16, 64, 256 s. */
export const MAX_RETRIES = 5;
export const MAX_PAIR_EXPONENT = 4;
const THROUGHPUT_BACKOFF_MS = 250;
const BUDGET_BACKOFF_MS = 1000;
const TRANSIENT_BACKOFF_MS = 500;

export interface RetryState {
	/** Retries of this call so far. */
	attempt: number;
	/** Consecutive 131056 answers for this (number, recipient) pair: the X of 4^X. */
	pairFailures: number;
	/** A call safe to repeat after it may have reached the platform (a GET); never a message send. */
	repeatable: boolean;
}

/**
 * How long to wait before retrying a failed call, or undefined for no retry. Only failures the
 * platform did not accept are retried: a Graph error answer, or a request that never left.
 */
export function retryDelay(error: unknown, state: RetryState): number | undefined {
	if (state.attempt >= MAX_RETRIES) return undefined;
	if (error instanceof GraphApiError) {
		switch (error.retry) {
			case 'pair':
				return state.pairFailures > MAX_PAIR_EXPONENT ? undefined : 1000 * 4 ** state.pairFailures;
			case 'throughput':
				return regainAccessMs(error.headers) ?? THROUGHPUT_BACKOFF_MS * 2 ** state.attempt;
			case 'budget':
				return regainAccessMs(error.headers) ?? BUDGET_BACKOFF_MS * 2 ** state.attempt;
			case 'transient':
				return TRANSIENT_BACKOFF_MS * 2 ** state.attempt;
			default:
				return undefined;
		}
	}
	if (error instanceof TransportError && (error.notSent || state.repeatable)) return TRANSIENT_BACKOFF_MS * 2 ** state.attempt;
	return undefined;
}

/**
 * `estimated_time_to_regain_access` (minutes) of X-Business-Use-Case-Usage, the longest of its
 * entries, in ms; undefined when the header is absent or says 0.
 */
export function regainAccessMs(headers: Record<string, string>): number | undefined {
	const raw = headers['x-business-use-case-usage'];
	if (!raw) return undefined;
	let minutes = 0;
	try {
		const usage = JSON.parse(raw) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
		for (const entries of Object.values(usage)) {
			for (const entry of Array.isArray(entries) ? entries : []) minutes = Math.max(minutes, Number(entry.estimated_time_to_regain_access) || 0);
		}
	} catch {
		return undefined;
	}
	return minutes > 0 ? minutes * 60_000 : undefined;
}
