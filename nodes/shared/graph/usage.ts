/** X-Business-Use-Case-Usage read into plain numbers: usage in percent, and the wait asked for in ms. */
export interface UseCaseUsage {
	percent: number;
	regainMs: number;
}

interface UsageEntry {
	call_count?: number;
	total_cputime?: number;
	total_time?: number;
	estimated_time_to_regain_access?: number;
}

/**
 * The X-Business-Use-Case-Usage header (JSON keyed by business object id, each an array of
 * entries whose call_count, total_cputime and total_time are percentages and whose
 * estimated_time_to_regain_access is in minutes; see "Rate Limits" in Meta's Graph API docs:
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting). The entries of
 * `businessId` when the header has them, else all: the highest percentage and the longest wait.
 * Undefined when the header is absent or not that JSON.
 */
export function useCaseUsage(headers: Record<string, string>, businessId?: string): UseCaseUsage | undefined {
	const raw = headers['x-business-use-case-usage'];
	if (!raw) return undefined;
	let parsed: Record<string, UsageEntry[]>;
	try {
		parsed = JSON.parse(raw) as Record<string, UsageEntry[]>;
	} catch {
		return undefined;
	}
	if (!parsed || typeof parsed !== 'object') return undefined;
	const keyed = businessId && Array.isArray(parsed[businessId]) ? [parsed[businessId]] : Object.values(parsed);
	const entries = keyed.flatMap((list) => (Array.isArray(list) ? list : []));
	if (entries.length === 0) return undefined;
	let percent = 0;
	let minutes = 0;
	for (const entry of entries) {
		percent = Math.max(percent, ...[entry.call_count, entry.total_cputime, entry.total_time].map((value) => Number(value) || 0));
		minutes = Math.max(minutes, Number(entry.estimated_time_to_regain_access) || 0);
	}
	return { percent, regainMs: minutes * 60_000 };
}
