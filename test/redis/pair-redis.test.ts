import { describe, expect, it } from 'vitest';
import type { Transport } from '../../nodes/shared/graph/transport';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import { RedisLimits } from '../../nodes/shared/pacing/redisStore';
import { connected, redisRig, sleep, PHONE } from './rig';

const RECIPIENTS = 40;
const PER_PROCESS = 150;

const rig = redisRig();
const { worker } = rig;

/**
 * A loaded host: between the pacer's go and the request's arrival, a busy event loop or network
 * adds up to `lateMs` (one request in ten as late as that, the rest up to a tenth of it).
 */
function lateTransport(lateMs: number): Transport {
	const transport = fetchTransport('T0ken');
	return async (req) => {
		await sleep(Math.random() < 0.1 ? Math.random() * lateMs : (Math.random() * lateMs) / 10);
		return transport(req);
	};
}

/** Holds the `nth` request `ms` on its way (a slow network for that one message). */
function holdingRequest(nth: number, ms: number): Transport {
	const transport = fetchTransport('T0ken');
	let requests = 0;
	return async (req) => {
		if (++requests === nth) await sleep(ms);
		return transport(req);
	};
}

/** Holds every request `ms` on its way (a slow network, or a host short of CPU, for a whole run). */
function slowTransport(ms: number): Transport {
	const transport = fetchTransport('T0ken');
	return async (req) => {
		await sleep(ms);
		return transport(req);
	};
}

/** A campaign: every recipient in turn, `inFlight` items at a time, as a host's batch does. */
async function campaign(send: (to: string) => Promise<unknown>, inFlight: number, { count = PER_PROCESS, recipients = RECIPIENTS, prefix = '49171' } = {}) {
	let next = 0;
	const failures: string[] = [];
	const lane = async () => {
		while (next < count) {
			const to = `${prefix}${String(next++ % recipients).padStart(6, '0')}`;
			await send(to).catch((error: Error) => failures.push(error.message));
		}
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
	return failures;
}

describe('The pair limit shared by four processes through Redis', () => {
	it(`four campaigns of ${PER_PROCESS} to ${RECIPIENTS} shared recipients, requests up to 1.5 s late: zero refusals`, async () => {
		const processes = Array.from({ length: 4 }, () => worker({ transport: lateTransport(1500) }).send);
		const started = Date.now();
		const failures = (await Promise.all(processes.map((send) => campaign(send, 50)))).flat();
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`shared pair limit: ${rig.emulator.state.messages.length} messages in ${seconds.toFixed(1)} s, refused ${JSON.stringify(rig.emulator.limits.refused)}, busiest second ${rig.busiestSecond()}`);
		expect(failures).toEqual([]);
		expect(rig.emulator.state.messages).toHaveLength(4 * PER_PROCESS);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
	}, 180_000);

	it('four campaigns of 250 to 50 shared recipients: each recipient\'s 20 messages arrive in one burst, so the run takes the throughput\'s time', async () => {
		const processes = Array.from({ length: 4 }, () => worker().send);
		// Recipients of their own: the tests before left debts on theirs in Redis.
		const failures = (await Promise.all(processes.map((send) => campaign(send, 250, { count: 250, recipients: 50, prefix: '49172' })))).flat();
		const times = rig.emulator.state.messages.map((m) => m.at);
		const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
		// eslint-disable-next-line no-console
		console.log(`bursts filled first: ${times.length} messages in ${seconds.toFixed(1)} s (${((times.length - 1) / seconds).toFixed(1)} msg/s), busiest second ${rig.busiestSecond()}`);
		expect(failures).toEqual([]);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		// Bursts opened for every recipient at once closed before their later messages came (one from
		// each process at a time), each adding its debt: the run took minutes.
		for (let r = 0; r < 50; r++) {
			const arrivals = rig.emulator.state.messages.filter((m) => m.to === `49172${String(r).padStart(6, '0')}`).map((m) => m.at);
			expect(arrivals).toHaveLength(20);
			expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(6000);
		}
	}, 120_000);

	it('two campaigns of 100 to the same 10 recipients, every request 3 s late: the pair limit paces them, no booking left unused piles up debt', async () => {
		// 3 s late, no message may join a burst (it might arrive past it): each recipient gets one
		// message per debt, counted from its answer. Before, the bookings of the messages that missed
		// their burst stayed as debt, and the run crawled (89 of 200 after 300 s).
		const processes = Array.from({ length: 2 }, () => worker({ transport: slowTransport(3000) }).send);
		const started = Date.now();
		const failures = (await Promise.all(processes.map((send) => campaign(send, 20, { count: 100, recipients: 10, prefix: '49173' })))).flat();
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`requests 3 s late: ${rig.emulator.state.messages.length} messages in ${seconds.toFixed(1)} s, refused ${JSON.stringify(rig.emulator.limits.refused)}`);
		expect(failures).toEqual([]);
		expect(rig.emulator.state.messages).toHaveLength(200);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		// Each recipient's 20 messages: one per 6 s debt from its answer, 3 s after it left: 20 x 9 s.
		expect(seconds).toBeLessThan(20 * 9 + 30);
	}, 300_000);

	it('a message of a burst that reaches the platform after its debt was repaid begins a new burst there: the next burst waits one debt after its answer', async () => {
		// The second request is held 6.5 s on its way: it arrives after the first one's 6 s of debt were repaid.
		const [first, second] = [worker({ transport: holdingRequest(2, 6500) }).send, worker().send];
		const to = '49171999001';
		// Two processes: the one whose request is late, and another that goes on after it.
		const sent = [first(to), first(to), ...Array.from({ length: 45 }, () => sleep(7000).then(() => second(to)))];
		const results = await Promise.allSettled(sent);
		expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
		expect(rig.emulator.state.messages).toHaveLength(47);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
	}, 60_000);

	it('messages refused while a burst\'s late joiners still hand their bookings back ask again once they have: they go in one burst at the debt left, not the one they were told', async () => {
		const [first, later, booker] = [worker(), worker(), worker()];
		const to = '49171999004';
		const recipient = Number(to);
		await first.send(to);
		// Another process books four more messages in the burst, which will leave too late for it.
		const bookings = [];
		for (let i = 0; i < 4; i++) {
			expect(await booker.limits.acquire(PHONE, 80, recipient, 60_000)).toBeGreaterThanOrEqual(0);
			bookings.push(booker.limits.pairView(PHONE, recipient)!);
		}
		const burstStart = bookings[0].start;
		const toldDebt = bookings[3].debt;
		// Past the burst's early close: three messages are refused, told the debt of five messages.
		await sleep(burstStart + 5200 - bookings[0].now);
		const sent = Array.from({ length: 3 }, () => later.send(to));
		await sleep(300);
		for (let i = 0; i < 4; i++) expect(await booker.limits.dispatch(PHONE, 80, `booked-${i}`, { recipient, start: burstStart, closesAfterMs: 5000, began: false })).toEqual({ wait: 0, late: true });
		const results = await Promise.all(sent);
		const arrivals = rig.emulator.state.messages.map((m) => m.at);
		expect(arrivals).toHaveLength(4);
		expect(results.map((result) => result.pacing.retries)).toEqual([0, 0, 0]);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		// One debt after the first message (the bookings handed back), the three together in one burst.
		const [firstAt, ...laterAt] = arrivals;
		expect(Math.min(...laterAt) - firstAt).toBeGreaterThanOrEqual(6000);
		expect(Math.max(...laterAt) - firstAt).toBeLessThan(9000);
		expect(toldDebt - burstStart).toBeGreaterThan(30_000);
	}, 60_000);

	it('a process whose messages to shared recipients wait behind its own openers joins the bursts another process began', async () => {
		// One process has 500 first messages to recipients of its own before 5 to each of 10 shared
		// recipients; the other sends 5 to each shared recipient. The first one's openers take turns
		// with the other's, so its messages to the shared recipients reach the front seconds later.
		const shared = Array.from({ length: 10 }, (_, r) => `49175${String(r).padStart(6, '0')}`);
		const behind = [...Array.from({ length: 500 }, (_, i) => `49176${String(i).padStart(6, '0')}`), ...shared.flatMap((to) => Array(5).fill(to))];
		const ahead = shared.flatMap((to) => Array(5).fill(to));
		const [slow, quick] = [worker().send, worker().send];
		const sending = Promise.all(behind.map((to) => slow(to)));
		await sleep(100);
		await Promise.all(ahead.map((to) => quick(to)));
		await sending;
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		const spans = shared.map((to) => {
			const arrivals = rig.emulator.state.messages.filter((m) => m.to === to).map((m) => m.at);
			expect(arrivals).toHaveLength(10);
			return Math.max(...arrivals) - Math.min(...arrivals);
		});
		// Each shared recipient's 10 messages in one burst: none waited the debt of the other's five.
		expect(Math.max(...spans)).toBeLessThan(6000);
	}, 60_000);

	it('the same with Redis killed for 10 s mid-run: every item sent, zero refusals', async () => {
		const processes = Array.from({ length: 4 }, () => worker({ transport: lateTransport(200) }).send);
		const started = Date.now();
		const run = Promise.all(processes.map((send) => campaign(send, 50)));
		await sleep(3000);
		await rig.redis.kill();
		await sleep(10_000);
		await rig.redis.restart();
		const failures = (await run).flat();
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`pair limit through an outage: ${rig.emulator.state.messages.length} messages in ${seconds.toFixed(1)} s, refused ${JSON.stringify(rig.emulator.limits.refused)}, busiest second ${rig.busiestSecond()}`);
		expect(failures).toEqual([]);
		expect(rig.emulator.state.messages).toHaveLength(4 * PER_PROCESS);
		// Each refusal with the burst it missed, in ms from the run's start.
		const refusals = rig.emulator.limits.pairRefusals.map(({ waId, at, burstStart, burstCount, debtUntil }) => ({ waId, at: at - started, burstStart: burstStart - started, burstCount, debtUntil: debtUntil - started }));
		expect(rig.emulator.limits.refused, JSON.stringify(refusals)).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
	}, 400_000);

	it('a restarted Redis gets back the debt an answer added while it was down: the burst began when the late message arrived', async () => {
		const a = worker({ transport: holdingRequest(1, 2000) });
		await connected(a.client);
		const to = '49171999002';
		const sent = a.send(to);
		await sleep(500);
		await rig.redis.kill();
		await sent;
		const answeredAt = Date.now();
		await rig.redis.restart();
		// The next send finds Redis back, and gives it the pair states this process saw.
		const next = a.send('49171999003');
		const pairDebt = async () => Number(await a.client.eval(`return redis.call('HGET', KEYS[1], 'd')`, 1, `flowpace:pacing:{${rig.emulator.url}|${PHONE}}:pair:${to}`));
		await connected(a.client);
		for (let waited = 0; (await pairDebt()) === 0 && waited < 3000; waited += 50) await sleep(50);
		// The platform began the burst when the message arrived, 2 s after its slot: its debt runs 6 s from then.
		expect(await pairDebt()).toBeGreaterThan(answeredAt + 6000);
		await next;
	}, 60_000);
});

describe('A message of a shared burst as it leaves (RedisLimits.dispatch)', () => {
	it('late with others booked: hands its booking back (its debt too unless it began the burst); late and alone: starts the burst again; on time: goes; its burst gone: late', async () => {
		const client = connectRedis(rig.redis.url, () => undefined);
		const limits = new RedisLimits(client, 'leaving');
		const to = 49174000001;
		const pair = async () => {
			const [debt, start, count] = (await client.eval(`return redis.call('HMGET', KEYS[1], 'd', 's', 'c')`, 1, `flowpace:pacing:{leaving|${PHONE}}:pair:${to}`)) as string[];
			return { debt: Number(debt), start: Number(start), count: Number(count) };
		};
		try {
			for (let i = 0; i < 3; i++) await limits.acquire(PHONE, 80, to, 10_000);
			const booked = await pair();
			expect(booked.count).toBe(3);
			const joiner = { recipient: to, start: booked.start, began: false };
			expect(await limits.dispatch(PHONE, 80, 'on-time', { ...joiner, closesAfterMs: 60_000 })).toEqual({ wait: 0 });
			// Closed before it leaves: its place and its debt (6 s and the shared margin) handed back.
			expect(await limits.dispatch(PHONE, 80, 'late', { ...joiner, closesAfterMs: -1 })).toEqual({ wait: 0, late: true });
			expect(await pair()).toEqual({ ...booked, debt: booked.debt - 6050, count: 2 });
			// The one that began it hands back its place; its debt stays, as the burst begins later at Meta.
			expect(await limits.dispatch(PHONE, 80, 'opener', { ...joiner, began: true, closesAfterMs: -1 })).toEqual({ wait: 0, late: true });
			const left = await pair();
			expect(left).toEqual({ ...booked, debt: booked.debt - 6050, count: 1 });
			// Alone in the burst, it goes, and the burst starts as it leaves; its debt is never shortened.
			const before = Date.now();
			const alone = await limits.dispatch(PHONE, 80, 'alone', { ...joiner, closesAfterMs: -1 });
			const restarted = await pair();
			expect(alone).toEqual({ wait: 0, restarted: expect.any(String) });
			expect(Number(alone.restarted)).toBe(restarted.start);
			expect(restarted.start).toBeGreaterThanOrEqual(before - 50);
			expect(restarted).toEqual({ start: restarted.start, debt: Math.max(left.debt, restarted.start + 6050), count: 1 });
			// A message of a burst no longer in Redis is late: nothing of the new burst is touched.
			expect(await limits.dispatch(PHONE, 80, 'gone', { ...joiner, closesAfterMs: -1 })).toEqual({ wait: 0, late: true });
			expect(await pair()).toEqual(restarted);
		} finally {
			client.disconnect?.();
		}
	});
});
