import { describe, expect, it } from 'vitest';
import type { Transport } from '../../nodes/shared/graph/transport';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { redisRig, sleep } from './rig';

const rig = redisRig();
const { worker, connected } = rig;

/** Sends `count` messages, `inFlight` at a time, as a flow fed message by message does: slots are asked for all along the run. */
async function stream(send: (to: string) => Promise<unknown>, prefix: string, count: number, inFlight: number) {
	let next = 0;
	const lane = async () => {
		while (next < count) await send(`${prefix}${String(next++).padStart(4, '0')}`);
	};
	await Promise.all(Array.from({ length: inFlight }, lane));
}

describe('Redis outage: every process keeps its share of the limit', () => {
	it('counts the processes sharing a number by their heartbeats', async () => {
		const three = [worker(), worker(), worker()];
		await Promise.all(three.map((p) => connected(p.client)));
		for (const p of three) await p.limits.acquire('heartbeat-test', 80, 0, Infinity);
		expect(three.map((p) => p.limits.sharers('heartbeat-test'))).toEqual([1, 2, 3]);
		await three[0].limits.acquire('heartbeat-test', 80, 0, Infinity);
		expect(three[0].limits.sharers('heartbeat-test')).toBe(3);
	});

	it('two processes through a 2 s outage and back: under 80 msg/s in every second, zero refusals, each change logged once', async () => {
		const logs = [[], []] as string[][];
		const [a, b] = [worker({ logs: logs[0] }), worker({ logs: logs[1] })];
		await Promise.all([connected(a.client), connected(b.client)]);
		const started = Date.now();
		const run = Promise.all([stream(a.send, '4917100', 300, 8), stream(b.send, '4917200', 300, 8)]);
		await sleep(1500);
		await rig.redis.kill();
		const during = rig.emulator.state.messages.length;
		await sleep(2000);
		const sentInOutage = rig.emulator.state.messages.length - during;
		await rig.redis.restart();
		await run;
		const seconds = (Date.now() - started) / 1000;
		// eslint-disable-next-line no-console
		console.log(`outage run: 600 messages in ${seconds.toFixed(1)} s, ${sentInOutage} during the 2 s outage, busiest second ${rig.busiestSecond()}`);

		expect(rig.emulator.state.messages).toHaveLength(600);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		// Each paced at half the number's 80 msg/s while Redis was away: together at most the limit.
		expect(sentInOutage).toBeLessThanOrEqual(2 * 80 + 2);
		for (const log of logs) {
			expect(log.filter((line) => line.includes('Redis unreachable'))).toHaveLength(1);
			expect(log.find((line) => line.includes('Redis unreachable'))).toContain('up to 2');
			expect(log.filter((line) => line.includes('reachable again'))).toHaveLength(1);
		}
	});

	it('Redis dies while one process’s sends are still on their way: the other waits until they have arrived and left the window', async () => {
		// A's requests wait for the gate on their way: a slow network between A and the platform.
		let gate = Promise.resolve();
		let open = () => {};
		let held = 0;
		const transport = fetchTransport('T0ken');
		const slow: Transport = async (req) => {
			held++;
			await gate;
			return transport(req);
		};
		const logs: string[] = [];
		const [a, b] = [worker({ transport: slow }), worker({ logs })];
		await Promise.all([connected(a.client), connected(b.client)]);
		// Each sends once, so each sees the other sharing the number and falls back to half of it.
		await Promise.all([a.send('491730000000'), b.send('491740000000')]);
		await Promise.all([a.send('491730000001'), b.send('491740000001')]);
		gate = new Promise<void>((resolve) => (open = resolve));
		held = 0;
		// A's 60 sends go through Redis and are held on their way; B begins its 60 behind them, and
		// Redis dies while B has booked only its first few.
		const sent = [...Array.from({ length: 60 }, (_, i) => a.send(`49173100${String(i).padStart(4, '0')}`))];
		while (held < 60) await sleep(5);
		sent.push(...Array.from({ length: 60 }, (_, i) => b.send(`49174100${String(i).padStart(4, '0')}`)));
		await sleep(50);
		await rig.redis.kill();
		// A's 60 arrive 1.2 s later, while B sends what it had booked at its share of the limit; Redis returns 2 s after.
		await sleep(1200);
		open();
		await sleep(2000);
		await rig.redis.restart();
		await Promise.all(sent);
		// eslint-disable-next-line no-console
		console.log(`sends on their way through an outage: busiest second ${rig.busiestSecond()}, refused ${JSON.stringify(rig.emulator.limits.refused)}`);
		expect(rig.emulator.state.messages).toHaveLength(124);
		expect(rig.emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(rig.busiestSecond()).toBeLessThanOrEqual(80);
		expect(logs.find((line) => line.includes('Redis unreachable'))).toContain('after a pause of 6.0 s');
	});
});
