import { PairTable } from './pairTable';
import { IN_FLIGHT_LIMIT_MS, PAIR_BURST_WINDOW_MS, STANDARD_MPS, THROUGHPUT_MARGIN_MS, THROUGHPUT_WINDOW_MS } from './model';

const IN_FLIGHT_POLL_MS = 5;

/**
 * The limits of one business phone number, kept in this process: its throughput (GCRA: a
 * theoretical arrival time, one send every (1,000 + margin) / N ms) and the pair limit per recipient.
 */
export class PhoneLimiter {
	private tat = 0;
	private intervalMs: number;
	readonly pairs = new PairTable();
	/** The last N dispatch times, oldest at `head`: the check that real sends keep the window. */
	private sent: Float64Array;
	/** 1 while that send awaits its answer: it may still reach the platform at any moment. */
	private inFlight: Uint8Array;
	private head = 0;
	/** The processes sharing this number's limits when they cannot coordinate: see setShare. */
	private share = 1;
	private perSecond: number;
	/** Nothing goes before this (see pause). */
	private pausedUntil = 0;

	constructor(
		mps = STANDARD_MPS,
		private readonly marginMs = THROUGHPUT_MARGIN_MS,
	) {
		this.perSecond = mps;
		this.intervalMs = (THROUGHPUT_WINDOW_MS + marginMs) / mps;
		this.sent = new Float64Array(Math.ceil(mps)).fill(-Infinity);
		this.inFlight = new Uint8Array(Math.ceil(mps));
	}

	/** The time between two slots at the current share. */
	get spacingMs(): number {
		return this.intervalMs;
	}

	get mps(): number {
		return this.sent.length;
	}

	/**
	 * Paces at a `share`-th of each limit (throughput and pair): this process's part when `share`
	 * processes send for the number and cannot coordinate (Redis down).
	 */
	setShare(share: number) {
		if (share === this.share) return;
		this.share = share;
		this.pairs.share = share;
		this.intervalMs = ((THROUGHPUT_WINDOW_MS + this.marginMs) * share) / this.perSecond;
	}

	/**
	 * Closes each recipient's burst `marginMs` before the platform's end of it: a message that joins
	 * later may arrive past that end when its request is slower than the burst's first (131056).
	 */
	closeBurstsEarly(marginMs: number) {
		this.pairs.burstWindowMs = PAIR_BURST_WINDOW_MS - marginMs;
	}

	/** A credential may change the level (an upgrade to HIGH): keeps the schedule, changes the pace. */
	setMps(mps: number) {
		if (Math.ceil(mps) === this.sent.length) return;
		this.perSecond = mps;
		this.intervalMs = ((THROUGHPUT_WINDOW_MS + this.marginMs) * this.share) / mps;
		this.sent = new Float64Array(Math.ceil(mps)).fill(-Infinity);
		this.inFlight = new Uint8Array(Math.ceil(mps));
		this.head = 0;
	}

	/**
	 * Reserves the next send to `recipient` (0: none, throughput only), at most `maxWaitMs` ahead.
	 * Returns the wait until the reserved slot (>= 0), or, reserving nothing, minus the time after
	 * which to ask again: the pair's debt, or a throughput queue longer than `maxWaitMs`.
	 */
	acquire(recipient: number, now: number, maxWaitMs: number): number {
		const slot = this.tat > now ? this.tat : now;
		const wait = slot - now;
		if (wait > maxWaitMs) return -wait;
		if (recipient !== 0) {
			const ready = this.pairs.reserve(recipient, slot);
			if (ready !== 0) return -(ready - now);
		}
		this.tat = slot + this.intervalMs;
		return wait;
	}

	/**
	 * How long a message to `recipient` waits before it may begin a new burst: while the throughput
	 * is booked more than `openBelowMs` ahead, 0 once it is not (or when the message joins an open
	 * burst or waits for a debt instead). See OPEN_QUEUE_MS.
	 */
	openingHeld(recipient: number, now: number, openBelowMs: number): number {
		const slot = this.tat > now ? this.tat : now;
		return slot - now > openBelowMs && this.pairs.opens(recipient, slot) ? slot - now - openBelowMs : 0;
	}

	/**
	 * Records a send to `recipient` at `slot` that was reserved elsewhere (the limits shared in
	 * Redis), at this limiter's share: should Redis go down, the fallback starts after the sends
	 * already booked there and knows this process's pairs, instead of adding to them at once.
	 */
	note(recipient: number, slot: number) {
		this.tat = (this.tat > slot ? this.tat : slot) + this.intervalMs;
		if (recipient !== 0) this.pairs.note(recipient, slot);
	}

	/**
	 * Sends nothing before `until`: Redis has just gone down, and the sends the other processes made
	 * before it did, which this process cannot see, must leave the window before its share begins.
	 */
	pause(until: number) {
		if (until > this.pausedUntil) this.pausedUntil = until;
		if (until > this.tat) this.tat = until;
	}

	/** How far ahead the throughput is booked. */
	queueMs(now: number): number {
		return this.tat > now ? this.tat - now : 0;
	}

	/**
	 * How long a send due now must still wait so that the real dispatch times (timers fire late
	 * under load) never put N + 1 sends in a window; 0 when it may go. Call `dispatched` when it goes.
	 */
	holdBack(now: number): number {
		if (this.pausedUntil > now) return this.pausedUntil - now;
		// The send N back (N / share back at a share of the limit).
		const size = this.sent.length;
		const back = (this.head - Math.max(1, Math.floor(size / this.share)) + size) % size;
		const oldest = this.sent[back];
		// That send is still unanswered (a busy event loop, a slow network): it may arrive
		// any moment, so wait for its answer, polling; after 5 s assume it has arrived.
		if (this.inFlight[back] === 1 && now - oldest < IN_FLIGHT_LIMIT_MS) return IN_FLIGHT_POLL_MS;
		const due = oldest + THROUGHPUT_WINDOW_MS + this.marginMs;
		return due > now ? due - now : 0;
	}

	/** Records a send going now; returns its ticket for `completed`. */
	dispatched(now: number): number {
		const ticket = this.head;
		this.sent[ticket] = now;
		this.inFlight[ticket] = 1;
		this.head = ticket + 1 === this.sent.length ? 0 : ticket + 1;
		return ticket;
	}

	/**
	 * A send was answered. It reached the platform at some time before the answer, perhaps late
	 * and bunched with later sends: count it at its answer time, so that the send N after it keeps
	 * a full window from it whatever the network did. Returns how much later that is (ms).
	 */
	completed(ticket: number, dispatchedAt: number, now: number, recipient = 0, slot = dispatchedAt): number {
		if (recipient !== 0) this.pairs.answered(recipient, slot, now - slot);
		if (this.sent[ticket] !== dispatchedAt) return 0;
		this.inFlight[ticket] = 0;
		if (now <= dispatchedAt) return 0;
		this.sent[ticket] = now;
		return now - dispatchedAt;
	}

	/** Sends in the last window, for the status line. */
	rate(now: number): number {
		let count = 0;
		for (const at of this.sent) if (at > now - THROUGHPUT_WINDOW_MS) count++;
		return count;
	}
}
