import { isAutoThroughput, parseThroughput } from '../shared/pacing/model';

/** Items in flight for a number at 1,000 msg/s (or one whose level is read from the platform). */
const MOST_IN_FLIGHT = 500;
const FEWEST_IN_FLIGHT = 20;

/**
 * Items in flight at once: half a second of the number's throughput (40 at 80 msg/s). The pacer
 * spaces them; this only has to exceed rate x latency (0.3 s at Meta) for an execution to reach the
 * full throughput. No more: each item reserves its slot as it starts, so executions running at
 * once (queue mode's workers) interleave their items instead of queueing whole batches one after
 * another, which would spread one recipient's messages past the pair limit's burst.
 */
export function itemConcurrency(throughput: string | undefined): number {
	if (isAutoThroughput(throughput)) return MOST_IN_FLIGHT;
	return Math.min(MOST_IN_FLIGHT, Math.max(FEWEST_IN_FLIGHT, Math.ceil(parseThroughput(throughput) / 2)));
}

/**
 * Runs `run` for items 0..count-1, `concurrency` at a time, results in item order. After a failure
 * no new item starts; the lowest-index failure is thrown once the running ones are done.
 */
export async function mapItems<T>(count: number, concurrency: number, run: (index: number) => Promise<T>): Promise<T[]> {
	const results = new Array<T>(count);
	const failures: Array<{ index: number; error: unknown }> = [];
	let next = 0;
	const worker = async () => {
		while (next < count && failures.length === 0) {
			const index = next++;
			try {
				results[index] = await run(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	if (failures.length) throw failures.sort((a, b) => a.index - b.index)[0].error;
	return results;
}
