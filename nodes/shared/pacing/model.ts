/**
 * The platform's rate limits as numbers (Meta's pages Throughput, Pair rate limit, Messaging limits
 * and Graph API Rate Limiting). The emulator keeps its own copy on purpose: it is the oracle these
 * are tested against.
 */
export const THROUGHPUT_WINDOW_MS = 1000;
export const STANDARD_MPS = 80;
export const HIGH_MPS = 1000;

/** Pair limit: every message adds 6 s of debt; a burst of up to 45 within 6 s. */
export const PAIR_DEBT_MS = 6000;
export const PAIR_BURST_WINDOW_MS = 6000;
export const PAIR_BURST_MAX = 45;

export const MANAGEMENT_WINDOW_MS = 3_600_000;
/** Management calls per app and WABA per rolling hour: 5,000 with a registered number, else 200. */
export const REGISTERED_WABA_BUDGET = 5000;
export const UNREGISTERED_WABA_BUDGET = 200;
/** Above this usage (X-Business-Use-Case-Usage, in percent) the WABA's remaining calls are spread over the window. */
export const USAGE_SPREAD_PERCENT = 75;

/**
 * Safety margins against network jitter: a request paced exactly at the limit can arrive bunched.
 * Throughput: N sends take at least 1,000 + margin ms (99.5 % of the limit at 5 ms).
 * Pair: each message adds this much more debt (the debt also starts from the answer to a burst's
 * first message, see PairTable.answered; with Redis it runs at least one debt past each message's
 * answer, see SharedLimits.delayDispatch); a burst closes a second early, so that a slow request
 * near its end still arrives inside it. Redis has no exact answer-time correction: a larger debt margin.
 */
export const THROUGHPUT_MARGIN_MS = 5;
export const PAIR_MARGIN_MS = 10;
export const PAIR_BURST_MARGIN_MS = 1000;
export const SHARED_PAIR_MARGIN_MS = 50;

/**
 * A message that would begin a recipient's burst while more messages to that recipient wait behind
 * it is held while the number's throughput is booked further ahead than this: the messages joining
 * bursts already open go first, so each burst fills before it closes (a burst's debt is paid for
 * every message in it, full or not), and a campaign that sends several messages to each recipient
 * runs at the full throughput instead of opening every burst at once. Short, so that the queue never
 * runs dry between joiners (Meta's "Pair rate limit": 6 s bursts, then one message per 6 s).
 */
export const OPEN_QUEUE_MS = 100;

/** A send still unanswered after this long is taken to have arrived (the throughput checks stop waiting for it). */
export const IN_FLIGHT_LIMIT_MS = 5000;

/**
 * Redis down: a process that sent for a limit within this long counts among those sharing it, so
 * each falls back to the limit divided by their number. Long enough to span a pause between
 * campaigns' batches, short enough that stopped processes soon stop counting.
 */
export const PROCESS_SEEN_MS = 60_000;

/**
 * The longest debt one burst can book on a recipient (45 messages of 6 s and the shared margin):
 * with Redis down, a process that saw a recipient in the shared state within this long cannot
 * know what the others have booked on it since, so it waits for Redis before sending to it.
 */
export const PAIR_MEMORY_MS = PAIR_BURST_MAX * (PAIR_DEBT_MS + SHARED_PAIR_MARGIN_MS);

/**
 * How long the slowest answers of late (from a message's slot to its answer) are remembered: the
 * shared pair limit closes each burst that much earlier (see Pacer.lateness).
 */
export const LATENESS_MEMORY_MS = 60_000;

/**
 * Redis back: each process keeps its fallback share this much longer, its sends logged in Redis
 * meanwhile, so that the sends of processes still reconnecting (ioredis retries every 500 ms) have
 * left the window before anyone takes the full shared rate again: no burst on the way back.
 */
export const SETTLE_MS = 3000;

/** `auto` in the credential: the throughput read from the number's own throughput level. */
export const isAutoThroughput = (value: string | number | undefined) => String(value ?? '').trim().toLowerCase() === 'auto';

/** Parses the credential's throughput: `standard`, `high` or a number of messages per second. */
export function parseThroughput(value: string | number | undefined): number {
	const text = String(value ?? '').trim().toLowerCase();
	if (text === '' || text === 'standard') return STANDARD_MPS;
	if (text === 'high') return HIGH_MPS;
	const mps = Number(text);
	return Number.isFinite(mps) && mps > 0 ? mps : STANDARD_MPS;
}

/**
 * A recipient as a number key: its digits, as WhatsApp normalises `to` into a wa_id. At most 15
 * digits, so exact in a float64. 0 means "no recipient". A group ID (it has letters) is hashed
 * above every phone number instead: its digits alone would mix groups up.
 */
export function recipientKey(to: string): number {
	let key = 0;
	for (let i = 0, n = to.length; i < n; i++) {
		const code = to.charCodeAt(i);
		const digit = (code - 48) >>> 0;
		if (digit < 10) key = key * 10 + digit;
		else if (code >= 65) return groupKey(to);
	}
	return key;
}

/** Above the largest 15-digit number; plus a 32-bit hash it stays an exact integer in a float64. */
const GROUP_KEY_BASE = 1e15;

/** FNV-1a over the ID's characters: two groups share a key (and so a pair limit) 1 time in 4 billion. */
function groupKey(id: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
	return GROUP_KEY_BASE + (hash >>> 0);
}
