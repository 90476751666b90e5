/**
 * Items in flight at once. The pacer spaces them; this only has to exceed rate x latency
 * (80 msg/s x 0.3 s at Meta) so that an execution reaches the number's full throughput.
 */
export const ITEM_CONCURRENCY = 400;

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
