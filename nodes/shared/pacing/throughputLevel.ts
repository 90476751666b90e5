import type { GraphClient } from '../graph/client';
import { HIGH_MPS, STANDARD_MPS } from './model';

/** How long a number's level is trusted: an upgrade to HIGH takes about a minute (§9.1). */
const LEVEL_TTL_MS = 10 * 60_000;
/** After a failed lookup, paced at the standard rate for this long before asking again. */
const RETRY_LOOKUP_MS = 60_000;

const levels = new Map<string, { mps: number; until: number }>();

/** `auto` in the credential: the throughput read from the number itself. */
export const isAutoThroughput = (value: string | number | undefined) => String(value ?? '').trim().toLowerCase() === 'auto';

/**
 * The number's messages per second from its throughput level (`GET /{phone-number-id}?fields=throughput`),
 * asked once per number and Graph host and kept for ten minutes; the standard rate while unknown.
 */
export async function throughputOf(client: GraphClient, phoneNumberId: string, now: number): Promise<number> {
	const key = `${client.baseUrl}\n${phoneNumberId}`;
	const known = levels.get(key);
	if (known && known.until > now) return known.mps;
	try {
		const { data } = await client.request<{ throughput?: { level?: string } }>({ method: 'GET', path: phoneNumberId, query: { fields: 'throughput' } });
		const mps = data.throughput?.level === 'HIGH' ? HIGH_MPS : STANDARD_MPS;
		levels.set(key, { mps, until: now + LEVEL_TTL_MS });
		return mps;
	} catch {
		levels.set(key, { mps: STANDARD_MPS, until: now + RETRY_LOOKUP_MS });
		return STANDARD_MPS;
	}
}
