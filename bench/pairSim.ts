import { classifyGraphFailure } from '../nodes/shared/graph/classify';
import { Pacer } from '../nodes/shared/pacing/pacer';
import { EmulatorLimits } from '../emulator/limits';
import type { GraphEmulator } from '../emulator/server';
import { round } from './util';

const PHONE = '106540352242922';

/** Virtual time: sleeps resolve in time order as the clock jumps, so minutes of debt take no real time. */
class VirtualClock {
	time = 0;
	/** A binary min-heap of timers by (time, order of creation). */
	private heap: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;
	now = () => this.time;
	sleep = (ms: number) => new Promise<void>((resolve) => this.push({ at: this.time + ms, seq: this.seq++, resolve }));

	async run() {
		for (;;) {
			for (let i = 0; i < 50; i++) await Promise.resolve();
			const next = this.pop();
			if (!next) return;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}

	private before(a: { at: number; seq: number }, b: { at: number; seq: number }) {
		return a.at < b.at || (a.at === b.at && a.seq < b.seq);
	}

	private push(timer: { at: number; seq: number; resolve: () => void }) {
		const heap = this.heap;
		let i = heap.push(timer) - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(heap[i], heap[parent])) break;
			[heap[i], heap[parent]] = [heap[parent], heap[i]];
			i = parent;
		}
	}

	private pop() {
		const heap = this.heap;
		if (!heap.length) return undefined;
		const top = heap[0];
		const last = heap.pop()!;
		if (heap.length) {
			heap[0] = last;
			for (let i = 0; ; ) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < heap.length && this.before(heap[l], heap[m])) m = l;
				if (r < heap.length && this.before(heap[r], heap[m])) m = r;
				if (m === i) break;
				[heap[i], heap[m]] = [heap[m], heap[i]];
				i = m;
			}
		}
		return top;
	}
}

/** The emulator's limits (the oracle) on the virtual clock, called as a send would reach them. */
function oracle(clock: VirtualClock, mps: number) {
	const fake = { clock: { now: clock.now }, options: { mps }, state: { wabaId: '1' } } as unknown as GraphEmulator;
	return new EmulatorLimits(fake);
}

/**
 * How soon the model lets these sends through at best: at each moment every recipient with a
 * message left tries, as early as the oracle accepts it (a full window waits for its oldest send
 * to leave; recipients in debt are tried again every 100 ms, so this is exact to 0.1 s).
 */
function optimalDuration(recipients: number, perRecipient: number, mps: number): number {
	const clock = new VirtualClock();
	const limits = oracle(clock, mps);
	const pending = Array.from({ length: recipients }, () => perRecipient);
	const accepted: number[] = [];
	let left = recipients * perRecipient;
	while (left > 0) {
		let windowFull = false;
		let progressed = false;
		for (let r = 0; r < recipients && !windowFull; r++) {
			while (pending[r] > 0) {
				try {
					limits.checkMessage(PHONE, String(1000 + r));
				} catch (error) {
					windowFull = (error as { code?: number }).code === 130429;
					break;
				}
				pending[r]--;
				left--;
				accepted.push(clock.time);
				progressed = true;
			}
		}
		if (left === 0) break;
		if (windowFull) clock.time = Math.max(clock.time, accepted[accepted.length - mps] + 1000 + 0.001);
		else if (!progressed) clock.time += 100;
	}
	return accepted[accepted.length - 1] - accepted[0];
}

/**
 * The pair limit with the pacer against the oracle, in virtual time: `perRecipient` messages to
 * each of `recipients` at once (45 in a burst, then 1 per 6 s). Achieved = optimal time / ours.
 */
export async function pairLimit(recipients: number, perRecipient: number, mps: number) {
	const clock = new VirtualClock();
	const limits = oracle(clock, mps);
	const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, classify: classifyGraphFailure, defaultMaxWaitMs: Infinity });
	let accepted = 0;
	let firstSend = 0;
	let lastSend = 0;
	const sends: Array<Promise<unknown>> = [];
	for (let k = 0; k < perRecipient; k++) {
		for (let r = 0; r < recipients; r++) {
			const to = String(1000 + r);
			sends.push(
				pacer.run({ kind: 'message', phoneNumberId: PHONE, recipient: to }, async () => {
					limits.checkMessage(PHONE, to);
					if (accepted++ === 0) firstSend = clock.time;
					lastSend = clock.time;
				}, { throughput: mps }),
			);
		}
	}
	const settled = Promise.allSettled(sends);
	await clock.run();
	await settled;
	const ours = lastSend - firstSend;
	const optimal = optimalDuration(recipients, perRecipient, mps);
	return {
		recipients,
		perRecipient,
		accepted,
		virtualSeconds: round(ours / 1000, 1),
		greedySeconds: round(optimal / 1000, 1),
		// Against each recipient's bursts sent whole, as early as the oracle allows; the pacer's
		// interleaved order can beat that (a fraction over 1), so it is exact only for one recipient.
		fractionOfGreedy: round(optimal / ours, 4),
		limitErrors: limits.refused[130429] + limits.refused[131056],
	};
}
