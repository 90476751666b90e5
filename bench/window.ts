import Bottleneck from 'bottleneck';
import { RateLimiter } from 'limiter';
import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';
import { classifyGraphFailure } from '../nodes/shared/graph/classify';
import { Pacer } from '../nodes/shared/pacing/pacer';
import { busiest, recipient, sleep } from './util';

type Gate = () => Promise<unknown>;

/**
 * The largest count in any sliding second, each limiter set to 80/s: one send at t = 0, then 400
 * at t = 990 ms, near the end of a fixed window, where fixed-window counters let a second 80 through.
 */
async function busiestWith(gate: Gate): Promise<number> {
	const times: number[] = [];
	const go = () => gate().then(() => times.push(Date.now()));
	const first = go();
	await sleep(990);
	await Promise.all([first, ...Array.from({ length: 400 }, go)]);
	return busiest(times);
}

export async function measureWindows(): Promise<Record<string, number>> {
	const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure });
	let n = 0;
	const ours: Gate = () => pacer.run({ kind: 'message', phoneNumberId: 'window', recipient: recipient(n++) }, async () => undefined, { throughput: 80 });

	const { default: PQueue } = await import('p-queue');
	const queue = new PQueue({ intervalCap: 80, interval: 1000 });
	const { default: pThrottle } = await import('p-throttle');
	const throttled = pThrottle({ limit: 80, interval: 1000 })(async () => undefined);
	const bottleneck = new Bottleneck({ reservoir: 80, reservoirRefreshAmount: 80, reservoirRefreshInterval: 1000 });
	const tokens = new RateLimiter({ tokensPerInterval: 80, interval: 'second' });
	const flexible = new RateLimiterQueue(new RateLimiterMemory({ points: 80, duration: 1 }), { maxQueueSize: 1000 });

	const entries = await Promise.all([
		busiestWith(ours).then((v) => ['ours', v] as const),
		busiestWith(() => queue.add(() => undefined)).then((v) => ['pQueue', v] as const),
		busiestWith(() => throttled()).then((v) => ['pThrottle', v] as const),
		busiestWith(() => bottleneck.schedule(() => Promise.resolve())).then((v) => ['bottleneck', v] as const),
		busiestWith(() => tokens.removeTokens(1)).then((v) => ['limiter', v] as const),
		busiestWith(() => flexible.removeTokens(1)).then((v) => ['rateLimiterFlexible', v] as const),
	]);
	await bottleneck.stop({ dropWaitingJobs: true });
	return Object.fromEntries(entries);
}
