import Bottleneck from 'bottleneck';
import { RateLimiter } from 'limiter';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { recipientKey } from '../nodes/shared/pacing/model';
import { PhoneLimiter } from '../nodes/shared/pacing/phoneLimiter';
import { recipient, round } from './util';

/**
 * Cost per acquire when no limit binds: each call checks the number's throughput and a
 * recipient's pair limit; the clock moves 13 ms a call (under 80/s) and 10,000 recipients rotate
 * (each seen every 130 s, long after its 6 s of debt), so nothing ever waits.
 */
const RECIPIENTS = Array.from({ length: 10_000 }, (_, i) => recipient(i));

function timeSync(iterations: number, body: (i: number) => void): number {
	for (let i = 0; i < Math.min(iterations, 200_000); i++) body(i); // warm up
	const start = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) body(i);
	return Number(process.hrtime.bigint() - start) / iterations / 1000;
}

async function timeAsync(iterations: number, body: (i: number) => Promise<unknown>): Promise<number> {
	for (let i = 0; i < Math.min(iterations, 2000); i++) await body(i);
	const start = process.hrtime.bigint();
	for (let i = 0; i < iterations; i++) await body(i);
	return Number(process.hrtime.bigint() - start) / iterations / 1000;
}

export async function measureOverhead(): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	let errors = 0;

	// The clock moves 13 ms a call, on across the warm-up.
	let now = 0;
	const ours = new PhoneLimiter(80);
	results.ours = timeSync(5_000_000, (i) => {
		if (ours.acquire(recipientKey(RECIPIENTS[i % 10_000]), (now += 13), Infinity) !== 0) errors++;
	});

	// The same with the recipient already as digits (a wa_id kept from an earlier answer).
	const digits = RECIPIENTS.map(recipientKey);
	const oursDigits = new PhoneLimiter(80);
	now = 0;
	results.oursDigitsKey = timeSync(5_000_000, (i) => {
		if (oursDigits.acquire(digits[i % 10_000], (now += 13), Infinity) !== 0) errors++;
	});

	// The floor: a bare GCRA (theoretical arrival time per key) over a Map, both limits.
	const tats = new Map<string, number>();
	let numberTat = 0;
	now = 0;
	results.bareGcraMap = timeSync(5_000_000, (i) => {
		now += 13;
		const key = RECIPIENTS[i % 10_000];
		const tat = tats.get(key) ?? 0;
		if (numberTat > now || tat > now + 264_000) errors++;
		numberTat = Math.max(numberTat, now) + 12.5;
		tats.set(key, Math.max(tat, now) + 6000);
	});

	const flexible = new RateLimiterMemory({ points: 45, duration: 6 });
	results.rateLimiterFlexible = await timeAsync(300_000, (i) => flexible.consume(RECIPIENTS[i % 10_000]));

	const tokens = new RateLimiter({ tokensPerInterval: 1e9, interval: 'second' });
	results.limiter = timeSync(1_000_000, () => {
		if (!tokens.tryRemoveTokens(1)) errors++;
	});

	const { default: PQueue } = await import('p-queue');
	const queue = new PQueue({ concurrency: Infinity, intervalCap: 1e9, interval: 1000 });
	results.pQueue = await timeAsync(100_000, () => queue.add(() => undefined));

	const { default: pThrottle } = await import('p-throttle');
	const throttled = pThrottle({ limit: 1e9, interval: 1000 })(async () => undefined);
	results.pThrottle = await timeAsync(100_000, () => throttled());

	const bottleneck = new Bottleneck({ maxConcurrent: null, minTime: 0 });
	results.bottleneck = await timeAsync(300, () => bottleneck.schedule(() => Promise.resolve()));

	if (errors) throw new Error(`a limit bound in the overhead benchmark (${errors} times)`);
	return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v, 4)]));
}
