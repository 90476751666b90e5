import { HIGH_MPS, STANDARD_MPS } from '../pacing/model';

/** How long a number's level is trusted: an upgrade to HIGH takes about a minute (Meta's "Throughput" page). */
const LEVEL_TTL_MS = 10 * 60_000;
/** After a failed lookup, paced at the standard rate for this long before asking again. */
const RETRY_LOOKUP_MS = 60_000;

const levels = new Map<string, { mps: number; until: number }>();

/**
 * A number's messages per second from its throughput level (`lookLevel` reads it from the
 * platform), asked once per `key` (Graph host and number) and kept for ten minutes; the standard
 * rate while it is unknown.
 */
export async function throughputOf(key: string, lookLevel: () => Promise<string | undefined>, now: number): Promise<number> {
	const known = levels.get(key);
	if (known && known.until > now) return known.mps;
	try {
		const mps = (await lookLevel()) === 'HIGH' ? HIGH_MPS : STANDARD_MPS;
		levels.set(key, { mps, until: now + LEVEL_TTL_MS });
		return mps;
	} catch {
		levels.set(key, { mps: STANDARD_MPS, until: now + RETRY_LOOKUP_MS });
		return STANDARD_MPS;
	}
}
