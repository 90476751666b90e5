import { describe, expect, it } from 'vitest';
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
});
