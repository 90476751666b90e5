import { describe, expect, it } from 'vitest';
import { EmulatorLimits } from '../../emulator/limits';
import type { GraphEmulator } from '../../emulator/server';
import { getCallPermission } from '../../nodes/shared/catalog/call/getPermission';
import type { AccountSettings } from '../../nodes/shared/credentials';
import { classifyGraphFailure, regainAccessMs } from '../../nodes/shared/graph/classify';
import { GraphApiError } from '../../nodes/shared/graph/errors';
import { TransportError } from '../../nodes/shared/graph/transport';
import { BudgetLimiter } from '../../nodes/shared/pacing/budgetLimiter';
import { MaybeSentError, PacingWaitError } from '../../nodes/shared/pacing/errors';
import { PAIR_MEMORY_MS, recipientKey } from '../../nodes/shared/pacing/model';
import { PairTable } from '../../nodes/shared/pacing/pairTable';
import { PairViews } from '../../nodes/shared/pacing/pairViews';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { PhoneLimiter } from '../../nodes/shared/pacing/phoneLimiter';
import { retryDelay, type RetryState } from '../../nodes/shared/pacing/retry';
import { keysOf } from '../../nodes/shared/run/paced';

/** A clock the test moves: sleep(ms) resolves when the clock reaches its time, in time order. */
class TestClock {
	time = 1_000_000;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	now = () => this.time;
	sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.time + ms, resolve }));
	/** Runs every timer and what it starts, until none is left (or `limit` ms passed). */
	async runAll(limit = 10_000_000) {
		const end = this.time + limit;
		for (;;) {
			await flush();
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift();
			if (!next || next.at > end) return;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}
const flush = async () => {
	for (let i = 0; i < 20; i++) await Promise.resolve();
};

const graphError = (code: number, headers: Record<string, string> = {}) => new GraphApiError(400, { code, message: `(#${code}) x` }, headers);
/** The pacer on the test clock, with the Graph layer's reading of errors. */
const pacerOn = (clock: TestClock, options: { defaultMaxWaitMs?: number } = {}) => new Pacer({ now: clock.now, sleep: clock.sleep, classify: classifyGraphFailure, ...options });

describe('pair limit (PairTable)', () => {
	it('takes a burst of 45 within 6 s, then the next message waits until the debt is repaid', () => {
		const pairs = new PairTable(6000, 6000, 45);
		for (let i = 0; i < 45; i++) expect(pairs.reserve(491511, 1000 + i)).toBe(0);
		// 45 messages of 6 s debt each, the burst began at 1000.
		expect(pairs.reserve(491511, 1045)).toBe(1000 + 45 * 6000);
		expect(pairs.reserve(491511, 1000 + 45 * 6000)).toBe(0);
	});

	it('borrows: after a burst of 20 the next waits ~2 minutes; a steady 1 per 6 s never waits', () => {
		const pairs = new PairTable(6000, 6000, 45);
		for (let i = 0; i < 20; i++) pairs.reserve(1, 0);
		// The burst window closed after 6 s: the 21st waits for the 120 s of debt.
		expect(pairs.reserve(1, 7000)).toBe(120_000);
		for (let t = 0; t < 60_000; t += 6000) expect(pairs.reserve(2, t)).toBe(0);
	});

	it('changes nothing for a refused message: no debt is added', () => {
		const pairs = new PairTable(6000, 6000, 45);
		for (let i = 0; i < 45; i++) pairs.reserve(3, 0);
		for (let i = 0; i < 5; i++) expect(pairs.reserve(3, 10_000)).toBe(270_000);
	});

	it('keeps memory to the recipients active lately: repaid entries are reused and dropped', () => {
		const pairs = new PairTable(6000, 6000, 45);
		let t = 0;
		// 200,000 recipients, 100 at a time, each batch 10 s after the last: all but one batch repaid.
		for (let i = 1; i <= 200_000; i++) {
			if (i % 100 === 0) t += 10_000;
			pairs.reserve(i, t);
		}
		expect(pairs.live(t)).toBeLessThanOrEqual(100);
		expect(pairs.capacity).toBeLessThanOrEqual(4096);
		// A million live recipients: at most 64 bytes each.
		const big = new PairTable(6000, 6000, 45);
		for (let i = 1; i <= 1_000_000; i++) big.reserve(4915100000000 + i, 0);
		expect(big.live(0)).toBe(1_000_000);
		expect(big.bytes / 1_000_000).toBeLessThanOrEqual(64);
		for (let i = 1; i <= 1_000_000; i += 99_999) expect(big.reserve(4915100000000 + i, 1)).toBe(0);
	});

	it('keys a recipient by its digits, as WhatsApp normalises `to`', () => {
		expect(recipientKey('+49 (151) 234-5678')).toBe(491512345678);
		expect(recipientKey('491512345678')).toBe(491512345678);
		// Group IDs are not numbers: each its own key, above every phone number.
		const groups = ['Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD', 'Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjEZD'];
		const keys = groups.map(recipientKey);
		expect(keys[0]).not.toBe(keys[1]);
		expect(Math.min(...keys)).toBeGreaterThan(999_999_999_999_999);
		expect(keys.every(Number.isSafeInteger)).toBe(true);
	});
});

describe('throughput (PhoneLimiter)', () => {
	it('spaces sends (1,000 + margin) / N ms apart: never N + 1 in any 1-s window, >= 99 % of N', () => {
		const limiter = new PhoneLimiter(80, 5);
		const slots: number[] = [];
		for (let i = 0; i < 400; i++) slots.push(limiter.acquire(1000 + i, 0, Infinity));
		expect(slots[0]).toBe(0);
		for (let i = 80; i < slots.length; i++) expect(slots[i] - slots[i - 80]).toBeGreaterThan(1000);
		const rate = 399 / (slots[399] / 1000);
		expect(rate).toBeGreaterThanOrEqual(0.99 * 80);
		expect(rate).toBeLessThanOrEqual(80);
	});

	it('reserves nothing when the wait would pass the maximum, and says how long it would be', () => {
		const limiter = new PhoneLimiter(80, 0);
		for (let i = 0; i < 80; i++) limiter.acquire(0, 0, Infinity);
		expect(limiter.acquire(0, 0, 500)).toBe(-1000);
		expect(limiter.acquire(0, 0, 1000)).toBe(1000);
	});

	it('a recipient in debt does not hold up the others', () => {
		const limiter = new PhoneLimiter(80, 0);
		for (let i = 0; i < 45; i++) limiter.acquire(7, i * 13, Infinity);
		const blocked = limiter.acquire(7, 600, Infinity);
		expect(blocked).toBeLessThan(-200_000);
		expect(limiter.acquire(8, 600, Infinity)).toBeLessThan(20);
	});

	it('holds a late send back so that real dispatch times keep the window', () => {
		const limiter = new PhoneLimiter(2, 0);
		const first = limiter.dispatched(0);
		limiter.completed(limiter.dispatched(10), 10, 12);
		// The oldest of the last N is unanswered: it may still arrive, so the next one waits (polls).
		expect(limiter.holdBack(1200)).toBe(5);
		// Answered at 40: it counts as arriving then, a full window before the next may go.
		limiter.completed(first, 0, 40);
		expect(limiter.holdBack(500)).toBe(540);
		expect(limiter.holdBack(1040)).toBe(0);
	});

	it('holds a message that would begin a burst while the throughput is booked over 100 ms ahead; one joining an open burst is not held', () => {
		const limiter = new PhoneLimiter(80, 0);
		limiter.acquire(7, 0, Infinity);
		for (let i = 0; i < 20; i++) limiter.acquire(100 + i, 0, Infinity);
		// 21 slots of 12.5 ms are booked: 262.5 ms, 162.5 ms more than a new burst may wait behind.
		expect(limiter.openingHeld(8, 0, 100)).toBe(162.5);
		expect(limiter.openingHeld(7, 0, 100)).toBe(0);
		expect(limiter.openingHeld(8, 170, 100)).toBe(0);
	});

	it('paused (Redis just went down), sends nothing before the pause ends: neither a new slot nor one booked before', () => {
		const limiter = new PhoneLimiter(80, 0);
		limiter.pause(7000);
		expect(limiter.holdBack(1000)).toBe(6000);
		expect(limiter.acquire(0, 1000, Infinity)).toBe(6000);
		expect(limiter.holdBack(7000)).toBe(0);
		// An earlier pause never shortens a later one.
		limiter.pause(2000);
		expect(limiter.holdBack(6999)).toBe(1);
	});
});

describe('pair states seen in Redis (PairViews): what a restarted Redis is given back', () => {
	const DEBT = 6050;
	it('holds what the answers added: a late first message moves its burst, and the debt runs one debt past each answer', () => {
		const views = new PairViews();
		views.learn('P', 1, { debt: 10_000 + DEBT, start: 10_000, count: 1 }, 0);
		// Its burst's first message was answered 2 s after its slot: the platform counts from then.
		views.answered('P', 1, { at: 12_000, lateMs: 2000, burst: 10_000, reservedInRedis: true }, DEBT, 0);
		expect(views.entries(0)).toEqual([['P', [[1, { debt: 12_000 + DEBT, start: 10_000, count: 1 }]]]]);
		// A later answer of another burst moves nothing but the debt's floor.
		views.answered('P', 1, { at: 15_000, lateMs: 500, burst: 99, reservedInRedis: true }, DEBT, 0);
		expect(views.entries(0)[0][1][0][1].debt).toBe(15_000 + DEBT);
		// Redis' own later view with less debt does not undo it.
		views.learn('P', 1, { debt: 10_000 + DEBT, start: 10_000, count: 1 }, 1);
		expect(views.entries(1)[0][1][0][1].debt).toBe(15_000 + DEBT);
	});

	it('adds a debt per send only this process paced (Redis down), and such a recipient still counts as never seen in Redis', () => {
		const views = new PairViews();
		views.answered('P', 2, { at: 20_000, lateMs: 0, reservedInRedis: false }, DEBT, 0);
		views.answered('P', 2, { at: 20_100, lateMs: 0, reservedInRedis: false }, DEBT, 0);
		expect(views.entries(0)).toEqual([['P', [[2, { debt: 20_000 + 2 * DEBT, start: 0, count: 0 }]]]]);
		expect(views.seen('P', 2, 0)).toBe(false);
		views.learn('P', 3, { debt: 1, start: 0, count: 1 }, 0);
		expect(views.seen('P', 3, 0)).toBe(true);
	});

	it('knows the longest shared burst of late: what an unseen recipient may carry from the other processes', () => {
		const views = new PairViews();
		expect(views.largestBurst(0)).toBe(0);
		views.learn('P', 1, { debt: 13 * DEBT, start: 0, count: 13 }, 0);
		views.learn('Q', 2, { debt: 3 * DEBT, start: 0, count: 3 }, 0);
		// Sends only this process paced (Redis down) say nothing of the others' bursts.
		for (let i = 0; i < 20; i++) views.answered('P', 4, { at: i, lateMs: 0, reservedInRedis: false }, DEBT, 0);
		expect(views.largestBurst(0)).toBe(13);
		// Forgotten with the states, after the longest debt a burst can book.
		expect(views.largestBurst(PAIR_MEMORY_MS + 1)).toBe(0);
	});
});

describe('management budget (BudgetLimiter)', () => {
	it('lets the budget through in a rolling hour, then waits for the oldest call to leave it', () => {
		const budget = new BudgetLimiter(3);
		expect([budget.acquire(0, Infinity), budget.acquire(10, Infinity), budget.acquire(20, Infinity)]).toEqual([0, 0, 0]);
		expect(budget.acquire(30, Infinity)).toBe(3_600_000 - 30);
		expect(budget.acquire(40, 60_000)).toBeLessThan(0);
		budget.blockUntil(5_000_000);
		expect(budget.acquire(4_000_000, Infinity)).toBe(1_000_000);
	});
});

describe('retry policy (the Graph layer\'s reading of an error, then the pacer\'s delay)', () => {
	const state = { attempt: 0, pairFailures: 0, repeatable: false };
	const retryAfter = (error: unknown, retry: RetryState) => retryDelay(classifyGraphFailure(error), retry);
	it('retries 131056 after 4^X s per pair, up to 4^4', () => {
		expect([0, 1, 2, 3, 4].map((x) => retryAfter(graphError(131056), { ...state, pairFailures: x }))).toEqual([1000, 4000, 16000, 64000, 256000]);
		expect(retryAfter(graphError(131056), { ...state, pairFailures: 5 })).toBeUndefined();
	});

	it('waits as estimated_time_to_regain_access says for 130429, 80007, 80008 and 4, else exponentially', () => {
		const usage = { 'x-business-use-case-usage': JSON.stringify({ '1': [{ type: 'x', call_count: 100, estimated_time_to_regain_access: 7 }] }) };
		for (const code of [130429, 80007, 80008, 4]) expect(retryAfter(graphError(code, usage), state)).toBe(7 * 60_000);
		expect(retryAfter(graphError(130429), { ...state, attempt: 2 })).toBe(1000);
		expect(retryAfter(graphError(80007), { ...state, attempt: 1 })).toBe(2000);
		expect(regainAccessMs({ 'x-business-use-case-usage': 'not json' })).toBeUndefined();
	});

	it('never retries a final error, nor a message request that may have reached the platform', () => {
		expect(retryAfter(graphError(131026), state)).toBeUndefined();
		expect(retryAfter(graphError(100), state)).toBeUndefined();
		expect(retryAfter(new TransportError('timeout', 'timeout', false), state)).toBeUndefined();
		expect(retryAfter(new TransportError('reset', 'other', false), { ...state, repeatable: true })).toBe(500);
		expect(retryAfter(new TransportError('refused', 'connection', true), state)).toBe(500);
		expect(retryAfter(graphError(130429), { ...state, attempt: 5 })).toBeUndefined();
	});
});

describe('Pacer', () => {
	const message = (recipient: string) => ({ kind: 'message' as const, phoneNumberId: '1065', recipient });

	it('paces call permission lookups to 100 per second per number, as Get Permission declares', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const account = { phoneNumberId: '1065' } as AccountSettings;
		const sentAt: number[] = [];
		const lookup = (i: number) => pacer.run(keysOf(getCallPermission.pacing, { phoneNumberId: '1065', userWaId: `+4915100${i}` }, account), async () => sentAt.push(clock.time));
		// Messages of the same number do not wait behind the lookups: each limit has its own slots.
		const lookups = Array.from({ length: 250 }, (_, i) => lookup(i));
		const messages = Array.from({ length: 80 }, (_, i) => pacer.run(message(`4915200${i}`), async () => clock.time));
		await clock.runAll();
		await Promise.all(lookups);
		expect(sentAt).toHaveLength(250);
		for (let i = 100; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 100]).toBeGreaterThanOrEqual(1000);
		expect(Math.max(...(await Promise.all(messages)).map((m) => m.result)) - sentAt[0]).toBeLessThan(1100);
	});

	it('makes a burst wait for its slots instead of failing, and reports the wait per item', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const sentAt: number[] = [];
		const runs = Array.from({ length: 240 }, (_, i) => pacer.run(message(`4915100${i}`), async () => sentAt.push(clock.time)));
		await clock.runAll();
		const results = await Promise.all(runs);
		expect(sentAt).toHaveLength(240);
		for (let i = 80; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 80]).toBeGreaterThan(1000);
		expect(results[0].pacing).toEqual({ waitedMs: 0, retries: 0 });
		expect(results[239].pacing.waitedMs).toBeGreaterThan(2900);
		expect(pacer.waiting).toBe(0);
	});

	it('keeps the order per recipient through the pair limit, while other recipients go on', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const order: string[] = [];
		const runs: Array<Promise<unknown>> = [];
		for (let i = 0; i < 50; i++) runs.push(pacer.run(message('491511'), async () => order.push(`a${i}`)));
		runs.push(pacer.run(message('491512'), async () => order.push('b')));
		await clock.runAll();
		await Promise.all(runs);
		const a = order.filter((x) => x.startsWith('a'));
		expect(a).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`));
		expect(order.indexOf('b')).toBeLessThan(order.indexOf('a45'));
	});

	it('sends a recipient\'s next message once the last one\'s request has left, not after its answer: a burst of 10 answered 1.2 s late each leaves within 0.2 s, in order', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const left: Array<{ i: number; at: number }> = [];
		const runs = Array.from({ length: 10 }, (_, i) =>
			pacer.run(message('491511'), async () => {
				left.push({ i, at: clock.time });
				await clock.sleep(1200);
			}),
		);
		await clock.runAll();
		await Promise.all(runs);
		expect(left.map(({ i }) => i)).toEqual([...Array(10).keys()]);
		// One after the other's answer: 10.8 s, past the platform's 6 s burst.
		expect(left[9].at - left[0].at).toBeLessThan(200);
	});

	it('fills each recipient\'s burst before it begins another: 5 messages to each of 100 recipients at 80/s take the 6.25 s the throughput needs', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const sent: Array<{ to: number; at: number }> = [];
		const runs: Array<Promise<unknown>> = [];
		// The campaign visits the recipients in turn, as a list of 5 rounds does.
		for (let round = 0; round < 5; round++) for (let to = 0; to < 100; to++) runs.push(pacer.run(message(`4915100${to}`), async () => sent.push({ to, at: clock.time })));
		await clock.runAll();
		await Promise.all(runs);
		expect(sent).toHaveLength(500);
		// Every burst opened at once, each recipient's later messages found it closed: 24 s.
		expect(sent[499].at - sent[0].at).toBeLessThan(6500);
		for (let i = 80; i < sent.length; i++) expect(sent[i].at - sent[i - 80].at).toBeGreaterThan(1000);
		for (let to = 0; to < 100; to++) {
			const times = sent.filter((s) => s.to === to).map((s) => s.at);
			expect(times[4] - times[0]).toBeLessThan(5000);
		}
	});

	it('closes a recipient\'s burst earlier when answers come late: a slow joiner still lands inside the platform\'s 6 s', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		// The platform's limits (the emulator's, its oracle) on the test's clock, met when a request arrives.
		const platform = new EmulatorLimits({ clock: { now: clock.now }, options: { mps: 80 }, state: { wabaId: '1' } } as unknown as GraphEmulator);
		let requests = 0;
		// The burst's first request arrives at once; the host then slows down, and each later one takes 1.2 s.
		const send = async () => {
			if (requests++ > 0) await clock.sleep(1200);
			platform.checkMessage('1065', '491511');
		};
		// Each message is offered after the last one's answer, as a flow that waits for it does.
		const flow = (async () => {
			for (let i = 0; i < 8; i++) await pacer.run(message('491511'), send);
		})();
		await clock.runAll();
		await flow;
		// With a fixed 1 s early close, the sixth was sent at 4.8 s and arrived at 6.0 s, past the burst.
		expect(platform.refused[131056]).toBe(0);
		expect(requests).toBe(8);
	});

	it('fails at once a message held from beginning a burst whose turn would come past its maximum wait', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const outcomes: Array<{ at: number; error?: Error }> = [];
		const runs = Array.from({ length: 200 }, (_, i) =>
			pacer.run(message(`4915100${i}`), async () => 'sent', { maxWaitMs: 1000 }).then(
				() => outcomes.push({ at: clock.time }),
				(error: Error) => outcomes.push({ at: clock.time, error }),
			),
		);
		await clock.runAll();
		await Promise.all(runs);
		const failed = outcomes.filter((o) => o.error);
		const sent = outcomes.filter((o) => !o.error);
		// About 80 fit in the second; the rest learn it before anything was sent for them.
		expect(sent.length).toBeGreaterThanOrEqual(75);
		expect(Math.max(...sent.map((o) => o.at)) - 1_000_000).toBeLessThanOrEqual(1000);
		expect(failed.length).toBe(200 - sent.length);
		for (const { at, error } of failed) {
			expect(at).toBe(1_000_000);
			expect(error).toBeInstanceOf(PacingWaitError);
			expect(error!.message).toMatch(/throughput of phone number 1065 would take .*, more than the maximum wait of 1.0 s/);
		}
	});

	it('fails an item whose wait would pass the maximum, with the limit and both times', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const runs = Array.from({ length: 46 }, () => pacer.run(message('491513'), async () => 'sent', { maxWaitMs: 60_000 }));
		const settled = Promise.allSettled(runs);
		await clock.runAll();
		const results = await settled;
		expect(results.slice(0, 45).every((r) => r.status === 'fulfilled')).toBe(true);
		const last = results[45] as PromiseRejectedResult;
		expect(last.reason).toBeInstanceOf(PacingWaitError);
		expect(last.reason.message).toMatch(/pair limit of recipient 491513.*more than the maximum wait of 60 s/);
	});

	it('retries 131056 after 1 s, then after 4 s at the earliest', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const attempts: number[] = [];
		const run = pacer.run(message('491514'), async () => {
			attempts.push(clock.time);
			if (attempts.length <= 2) throw graphError(131056);
			return 'sent';
		});
		await clock.runAll();
		const result = await run;
		expect(result.pacing.retries).toBe(2);
		const [, first, second] = attempts.map((t) => t - attempts[0]);
		expect(first).toBe(1000);
		// 4 s after the second refusal, or later if the pair's own slot (kept by the pacer) is later.
		expect(second - first).toBeGreaterThanOrEqual(4000);
		expect(result.pacing.waitedMs).toBe(second);
	});

	it('knows no Graph error: it retries what its classify reads as a refusal, after the wait asked for', async () => {
		const clock = new TestClock();
		const busy = new Error('busy');
		const classify = (error: unknown) => (error === busy ? { kind: 'budget' as const, waitMs: 90_000 } : { kind: 'final' as const });
		const pacer = new Pacer({ now: clock.now, sleep: clock.sleep, classify });
		const attempts: number[] = [];
		const run = pacer.run({ kind: 'management', wabaId: '102290129340398', repeatable: true }, async () => {
			attempts.push(clock.time);
			if (attempts.length === 1) throw busy;
			return 'done';
		});
		await clock.runAll();
		expect((await run).result).toBe('done');
		expect(attempts[1] - attempts[0]).toBe(90_000);
	});

	it('does not retry a final error, nor a timeout after the message was sent', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		let calls = 0;
		const final = pacer.run(message('491515'), async () => {
			calls++;
			throw graphError(131026);
		});
		const timeout = pacer.run(message('491516'), async () => {
			calls++;
			throw new TransportError('The Graph API did not answer in time', 'timeout', false);
		});
		const settled = Promise.allSettled([final, timeout]);
		await clock.runAll();
		const [a, b] = (await settled) as PromiseRejectedResult[];
		expect(calls).toBe(2);
		expect(a.reason).toBeInstanceOf(GraphApiError);
		expect(b.reason).toBeInstanceOf(MaybeSentError);
		expect(b.reason.message).toMatch(/may have been delivered: it is not retried/);
	});

	it('counts a slow answer at its answer time: the send N later keeps a full window from it', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const sentAt: number[] = [];
		// The first request takes 300 ms (it may reach the platform that late); the others answer at once.
		const runs = Array.from({ length: 81 }, (_, i) =>
			pacer.run(message(`4915400${i}`), async () => {
				sentAt.push(clock.time);
				if (i === 0) await clock.sleep(300);
			}),
		);
		await clock.runAll();
		await Promise.all(runs);
		expect(sentAt[80] - sentAt[0]).toBeGreaterThan(1300);
	});

	it('shares one limit between every caller of one pacer (nodes, executions)', async () => {
		const clock = new TestClock();
		const pacer = pacerOn(clock);
		const sentAt: number[] = [];
		const one = Array.from({ length: 80 }, (_, i) => pacer.run(message(`4915200${i}`), async () => sentAt.push(clock.time)));
		const two = Array.from({ length: 80 }, (_, i) => pacer.run(message(`4915300${i}`), async () => sentAt.push(clock.time)));
		await clock.runAll();
		await Promise.all([...one, ...two]);
		sentAt.sort((x, y) => x - y);
		for (let i = 80; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 80]).toBeGreaterThan(1000);
	});
});
