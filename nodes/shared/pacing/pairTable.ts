import { PAIR_BURST_MARGIN_MS, PAIR_BURST_MAX, PAIR_BURST_WINDOW_MS, PAIR_DEBT_MS, PAIR_MARGIN_MS } from './model';

const MIN_CAPACITY = 1024;
/** Tables up to this many slots (1.6 MB) keep a spare set of arrays for rebuilds. */
const MAX_SPARE = 65_536;
/** Room kept for recipients to come, as a multiple of the live ones, when most entries were repaid. */
const CHURN_ROOM = 4;

/**
 * The pair limit of one phone number: per recipient a debt (like GCRA's theoretical arrival time),
 * the start of the current burst and its count. An open-addressing table over typed arrays (25
 * bytes a slot, at most half full, so probes stay short) keyed by the recipient's digits: a Map of objects would take
 * ~10x the memory at a million recipients. Entries whose debt is repaid count as absent and are
 * reused or dropped when the table is rebuilt, so memory follows the recipients active lately.
 */
export class PairTable {
	private keys: Float64Array = new Float64Array(MIN_CAPACITY);
	private debt: Float64Array = new Float64Array(MIN_CAPACITY);
	private start: Float64Array = new Float64Array(MIN_CAPACITY);
	private count: Uint8Array = new Uint8Array(MIN_CAPACITY);
	private mask = MIN_CAPACITY - 1;
	/** Slots holding a key, live or repaid. */
	private used = 0;
	private spare?: { keys: Float64Array; debt: Float64Array; start: Float64Array; count: Uint8Array };
	/**
	 * The processes this table's limit is shared among when they cannot coordinate (Redis down):
	 * each message then counts `share` times its debt, and a burst allows a `share`-th of its size.
	 */
	share = 1;

	constructor(
		private readonly debtMs = PAIR_DEBT_MS + PAIR_MARGIN_MS,
		/** How long after its first message a burst takes more: the platform's 6 s, less a margin (see PhoneLimiter.closeBurstsEarly). */
		public burstWindowMs = PAIR_BURST_WINDOW_MS - PAIR_BURST_MARGIN_MS,
		private readonly burstMax = PAIR_BURST_MAX,
	) {}

	get capacity(): number {
		return this.keys.length;
	}

	/** Bytes held by the table's arrays. */
	get bytes(): number {
		return (this.keys.length + (this.spare?.keys.length ?? 0)) * 25;
	}

	/**
	 * Records a message to `key` at time `t` if the pair limit allows it then; returns 0. Otherwise
	 * changes nothing and returns when the debt is repaid.
	 */
	reserve(key: number, t: number): number {
		const keys = this.keys;
		const mask = this.mask;
		let i = hash(key) & mask;
		let free = -1;
		for (let k = keys[i]; k !== 0; k = keys[i]) {
			if (k === key) {
				const debt = this.debt[i];
				if (debt <= t) return this.begin(i, key, t);
				if (t < this.start[i] + this.burstWindowMs && this.count[i] < Math.max(1, Math.floor(this.burstMax / this.share))) {
					this.count[i]++;
					this.debt[i] = debt + this.debtMs * this.share;
					return 0;
				}
				return debt;
			}
			if (free < 0 && this.debt[i] <= t) free = i;
			i = (i + 1) & mask;
		}
		if (free >= 0) return this.begin(free, key, t);
		if (++this.used > keys.length >>> 1) {
			this.rebuild(t);
			return this.reserve(key, t);
		}
		return this.begin(i, key, t);
	}

	/**
	 * Records a message to `key` at `t` that was allowed elsewhere (by the limits shared in Redis),
	 * even past this table's own limit: if Redis goes down, this table still knows this process's sends.
	 */
	note(key: number, t: number) {
		if (this.reserve(key, t) === 0) return;
		const i = this.indexOf(key);
		if (i < 0) return;
		if (this.count[i] < 255) this.count[i]++;
		this.debt[i] += this.debtMs * this.share;
	}

	/**
	 * The message that began `key`'s burst at `burstStart` was answered `lateMs` after its slot: the
	 * platform counts the burst from its arrival, which may be that late, so the debt moves too.
	 */
	answered(key: number, burstStart: number, lateMs: number) {
		const i = this.indexOf(key);
		if (i >= 0 && this.start[i] === burstStart && lateMs > 0) this.debt[i] += lateMs;
	}

	/** Whether a message to `key` at `t` would begin a new burst (no debt outstanding then). */
	opens(key: number, t: number): boolean {
		const i = this.indexOf(key);
		return i < 0 || this.debt[i] <= t;
	}

	/** `key`'s place in the table, or -1. */
	private indexOf(key: number): number {
		const keys = this.keys;
		for (let i = hash(key) & this.mask; keys[i] !== 0; i = (i + 1) & this.mask) if (keys[i] === key) return i;
		return -1;
	}

	/** The recipients with debt outstanding at `t`. */
	live(t: number): number {
		let live = 0;
		for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== 0 && this.debt[i] > t) live++;
		return live;
	}

	private begin(i: number, key: number, t: number): 0 {
		this.keys[i] = key;
		this.debt[i] = t + this.debtMs * this.share;
		this.start[i] = t;
		this.count[i] = 1;
		return 0;
	}

	/**
	 * Drops repaid entries; doubles while the live ones would fill over 40 % (so that at least a
	 * fifth of the table is free for new recipients before the next rebuild), halves under 1/8.
	 * When most entries were repaid (recipients come and go, as in a campaign), it keeps room for
	 * CHURN_ROOM times the live ones: each rebuild costs a pass over the table, and the room spreads
	 * that cost over more new recipients. A table of live recipients only stays dense.
	 */
	private rebuild(t: number) {
		const { keys, debt, start, count } = this;
		const live = this.live(t);
		const target = live * 2 < this.used ? live * CHURN_ROOM : live;
		let capacity = keys.length;
		while (target * 5 > capacity * 2) capacity *= 2;
		while (capacity > MIN_CAPACITY && target * 8 < capacity) capacity /= 2;
		// A small table that churns (recipients come and go) rebuilds often at the same size: it
		// swaps with a kept spare instead of allocating (a big one rebuilds rarely; no spare, no 2x memory).
		const spare = this.spare;
		if (spare && spare.keys.length === capacity) {
			spare.keys.fill(0);
			({ keys: this.keys, debt: this.debt, start: this.start, count: this.count } = spare);
		} else {
			this.keys = new Float64Array(capacity);
			this.debt = new Float64Array(capacity);
			this.start = new Float64Array(capacity);
			this.count = new Uint8Array(capacity);
		}
		this.spare = capacity === keys.length && capacity <= MAX_SPARE ? { keys, debt, start, count } : undefined;
		this.mask = capacity - 1;
		this.used = live;
		for (let j = 0; j < keys.length; j++) {
			if (keys[j] === 0 || debt[j] <= t) continue;
			let i = hash(keys[j]) & this.mask;
			while (this.keys[i] !== 0) i = (i + 1) & this.mask;
			this.keys[i] = keys[j];
			this.debt[i] = debt[j];
			this.start[i] = start[j];
			this.count[i] = count[j];
		}
	}
}

function hash(key: number): number {
	// The high bits by a multiplication (exact: a power of two), cheaper than a division.
	const h = Math.imul((key >>> 0) ^ Math.imul((key * 2.3283064365386963e-10) >>> 0, 0x27d4eb2d), 0x9e3779b1);
	return h ^ (h >>> 15);
}
