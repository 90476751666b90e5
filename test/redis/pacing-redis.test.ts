import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { PHONE, redisRig, sleep } from './rig';

const rig = redisRig();
const { worker, connected } = rig;

describe('pacing shared through a real redis-server', () => {
	it('four processes sending at once stay under one number’s 80 msg/s together, with zero refusals', async () => {
		const workers = [worker(), worker(), worker(), worker()];
		await Promise.all(workers.map((w) => connected(w.client)));
		const started = Date.now();
		await Promise.all(workers.flatMap((w, k) => Array.from({ length: 100 }, (_, i) => w.send(`49151${k}000${String(i).padStart(3, '0')}`))));
		const seconds = (Date.now() - started) / 1000;
		expect(rig.emulator.state.messages).toHaveLength(400);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		// 400 messages at 80/s take 5 s: the processes shared one budget instead of 80/s each.
		expect(seconds).toBeGreaterThan(4.9);
	});

	it('answers that come late: the shared slots come as fast as the dispatch log lets sends go, so sends leave close to their slots', async () => {
		const transport = fetchTransport('T0ken');
		// Every answer 100 ms after its request arrived: the log counts each send from its answer.
		const w = worker({
			transport: async (req) => {
				const answer = await transport(req);
				await sleep(100);
				return answer;
			},
		});
		await connected(w.client);
		const slots = new Map<string, number>();
		const acquire = w.limits.acquire.bind(w.limits);
		w.limits.acquire = async (...args) => {
			const before = Date.now();
			const wait = await acquire(...args);
			if (wait >= 0) slots.set(String(args[2]), before + wait);
			return wait;
		};
		await Promise.all(Array.from({ length: 480 }, (_, i) => w.send(`4915500${String(i).padStart(5, '0')}`)));
		expect(rig.emulator.state.messages).toHaveLength(480);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		// Slots at the bare 80 per 1,005 ms would run ahead of the 80 per 1,105 ms the log lets go: the
		// last sends would leave later and later after their slots (up to 3.2 s here), and each burst
		// they join would close that much earlier for them.
		const afterSlot = rig.emulator.state.messages.slice(-100).map((m) => m.at - slots.get(m.to.replace(/\D/g, ''))!);
		expect(Math.max(...afterSlot)).toBeLessThan(1000);
	});

	it('keeps the pair limit across processes: 45 in a burst, the 46th waits for the debt', async () => {
		const workers = [worker(), worker(), worker(), worker()];
		await Promise.all(workers.map((w) => connected(w.client)));
		const waits: number[] = [];
		for (let i = 0; i < 46; i++) waits.push(await workers[i % 4].limits.acquire('pair-test', 1000, 491519876543, Infinity));
		expect(waits.slice(0, 45).every((w) => w >= 0)).toBe(true);
		// 45 messages of (6 s + margin) debt: the 46th may go ~4.5 minutes after the burst.
		expect(-waits[45]).toBeGreaterThan(269_000);
		expect(-waits[45]).toBeLessThan(275_000);
	});

	it('falls back to the process’s own state when Redis dies mid-run, logs it once, and goes back when it returns', async () => {
		const logs: string[] = [];
		const w = worker({ logs });
		await connected(w.client);
		const sends = Array.from({ length: 240 }, (_, i) => w.send(`49152000${String(i).padStart(3, '0')}`));
		await sleep(1000);
		await rig.redis.kill();
		// The rest go at this process's share; only those booked in Redis as it died, held past their
		// bursts by the outage's pause, wait for it (the others may have booked their recipients since).
		for (const deadline = Date.now() + 40_000; rig.emulator.state.messages.length < 220 && Date.now() < deadline; ) await sleep(250);
		expect(rig.emulator.state.messages.length).toBeGreaterThanOrEqual(220);
		await rig.redis.restart();
		const results = await Promise.all(sends);
		expect(rig.emulator.state.messages).toHaveLength(240);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		expect(results.every((r) => r.pacing.retries === 0)).toBe(true);
		expect(logs.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);

		await connected(w.client);
		await w.send('4915299999999');
		expect(logs.filter((l) => l.includes('reachable again'))).toHaveLength(1);
		// Back on Redis: the reservation is there, under the number's key.
		const tat = Number(await w.client.eval(`return redis.call('GET', KEYS[1])`, 1, `flowpace:pacing:{${rig.emulator.url}|${PHONE}}:tat`));
		expect(tat).toBeGreaterThan(Date.now() - 5000);
	});

	it('sends each script to Redis once, then names it by its SHA-1; a Redis that has forgotten it gets it again', async () => {
		const admin = new Redis(rig.redis.url);
		try {
			const calls = async () => {
				const stats = await admin.info('commandstats');
				const count = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
				return { eval: count('eval'), evalsha: count('evalsha') };
			};
			await admin.script('FLUSH');
			await admin.config('RESETSTAT');
			const w = worker();
			await connected(w.client);
			for (let i = 0; i < 20; i++) await w.send(`4915300000${String(i).padStart(2, '0')}`);
			const sent = await calls();
			// The ping; per message the slot, the dispatch log, its answer, and a burst's late start: five scripts, each sent once.
			expect(sent.eval).toBeLessThanOrEqual(5);
			expect(sent.evalsha).toBeGreaterThanOrEqual(60);
			// As after a restart: every call still runs, each script is sent once more.
			await admin.script('FLUSH');
			for (let i = 20; i < 25; i++) await w.send(`4915300000${String(i).padStart(2, '0')}`);
			expect(rig.emulator.state.messages).toHaveLength(25);
			expect((await calls()).eval - sent.eval).toBeLessThanOrEqual(4);
		} finally {
			admin.disconnect();
		}
	});
});
