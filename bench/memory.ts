import { RateLimiterMemory } from 'rate-limiter-flexible';
import { PairTable } from '../nodes/shared/pacing/pairTable';
import { recipientKey } from '../nodes/shared/pacing/model';
import { gc, recipient, round } from './util';

const COUNT = 1_000_000;

function heap(): number {
	gc();
	gc();
	const usage = process.memoryUsage();
	return usage.heapUsed + usage.arrayBuffers;
}

/** Bytes per tracked recipient with 1,000,000 recipients in debt at once. */
export async function measureMemory(): Promise<Record<string, number>> {
	// Each structure is given fresh recipient strings: a Map keeps them alive, ours keeps only digits.
	const results: Record<string, number> = {};

	// Ours last: typed arrays are released lazily and would skew a later measurement.
	let before = heap();
	let map: Map<string, number> | undefined = new Map();
	for (let i = 0; i < COUNT; i++) map.set(recipient(i), 6000);
	results.plainMap = (heap() - before) / COUNT;
	// Used after the measurement, so that the collector cannot free it early as dead.
	if (map.size !== COUNT) throw new Error('map lost entries');
	map = undefined;

	before = heap();
	let flexible: RateLimiterMemory | undefined = new RateLimiterMemory({ points: 45, duration: 300 });
	for (let i = 0; i < COUNT; i++) await flexible.consume(recipient(i));
	results.rateLimiterFlexible = (heap() - before) / COUNT;
	if (!(await flexible.get(recipient(COUNT - 1)))) throw new Error('rate-limiter-flexible lost entries');
	flexible = undefined;

	before = heap();
	let table: PairTable | undefined = new PairTable();
	for (let i = 0; i < COUNT; i++) table.reserve(recipientKey(recipient(i)), 0);
	results.ours = (heap() - before) / COUNT;
	results.oursArrays = table.bytes / COUNT;
	table = undefined;

	return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v, 1)]));
}
