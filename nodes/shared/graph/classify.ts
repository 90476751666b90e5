import type { Failure } from '../pacing/retry';
import { GraphApiError } from './errors';
import { TransportError } from './transport';

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
 * `estimated_time_to_regain_access` (minutes) of X-Business-Use-Case-Usage, the longest of its
 * entries, in ms; undefined when the header is absent or says 0. See "Rate limiting" in Meta's
 * Graph API docs: https://developers.facebook.com/docs/graph-api/overview/rate-limiting
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
