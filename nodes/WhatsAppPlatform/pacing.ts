import { sleep } from 'n8n-workflow';

/**
 * Items in flight at once. The pacer spaces them; this only has to exceed rate x latency
 * (80 msg/s x 0.3 s at Meta) so that an execution reaches the number's full throughput.
 */
export const ITEM_CONCURRENCY = 400;

/** Items start for at most this long before the event loop may turn (see mapItems). */
const START_SLICE_MS = 5;

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
	// Each item runs on its own until its first request: started all at once, they would hold the
	// event loop for as long as all of them take (n8n runs several executions in one worker), and the
	// requests already on their way would arrive that much late. The loop turns between slices.
	const running: Array<Promise<void>> = [];
	let slice = Date.now();
	for (let i = 0; i < Math.min(concurrency, count) && failures.length === 0; i++) {
		running.push(worker());
		if (Date.now() - slice >= START_SLICE_MS) {
			await sleep(0);
			slice = Date.now();
		}
	}
	await Promise.all(running);
	if (failures.length) throw failures.sort((a, b) => a.index - b.index)[0].error;
	return results;
}
