import type { Failure } from '../pacing/retry';
import { GraphApiError } from './errors';
import { TransportError } from './transport';
import { useCaseUsage } from './usage';

/**
 * What a failed Graph call means for a retry (the pacer's `classify`): a refusal under a limit,
 * with the wait the platform asked for; a transient fault; no answer; or final.
 */
export function classifyGraphFailure(error: unknown): Failure {
	if (error instanceof GraphApiError) {
		if (error.retry === 'never') return { kind: 'final' };
		return { kind: error.retry, waitMs: regainAccessMs(error.headers), reason: `retry after error ${error.code} (${error.title})` };
	}
	if (error instanceof TransportError) return { kind: 'unanswered', notSent: error.notSent };
	return { kind: 'final' };
}

/**
 * `estimated_time_to_regain_access` of X-Business-Use-Case-Usage (graph/usage.ts), the longest of
 * its entries, in ms; undefined when the header is absent or says 0.
 */
export function regainAccessMs(headers: Record<string, string>): number | undefined {
	return useCaseUsage(headers)?.regainMs || undefined;
}
