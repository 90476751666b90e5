import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { throughEmulator } from './emulator';
import { measureHosts } from './hosts';
import { measureMemory } from './memory';
import { measureOverhead } from './overhead';
import { pairLimit } from './pairSim';
import { profileN8n } from './profile';
import { measureRedis } from './redis';
import { measureWindows } from './window';

/** `npm run bench`: the pacer against its peers and the emulator, all in one run (README, Pacing). */
async function main() {
	const only = process.argv[2];
	const results: Record<string, unknown> = { node: process.version, at: new Date().toISOString() };
	const step = async (name: string, run: () => Promise<unknown>) => {
		if (only && only !== name) return;
		process.stderr.write(`bench: ${name}...\n`);
		results[name] = await run();
	};
	await step('overheadMicroseconds', measureOverhead);
	await step('bytesPerRecipient', measureMemory);
	await step('busiestSecondAt80', measureWindows);
	await step('emulator', async () => [await throughEmulator(80, 800), await throughEmulator(1000, 5000)]);
	await step('pairLimit', async () => [await pairLimit(1, 91, 80), await pairLimit(100, 20, 80), await pairLimit(1000, 46, 1000)]);
	await step('redis', measureRedis);
	await step('hosts', measureHosts);
	await step('profile', profileN8n);
	writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
	print(results);
}

function print(results: Record<string, unknown>) {
	const table = (title: string, rows: unknown) => {
		if (!rows) return;
		console.log(`\n${title}`);
		console.table(rows);
	};
	table('Overhead per acquire, no limit binding (µs; target <= 0.25 and below every peer)', results.overheadMicroseconds);
	table('Bytes per tracked recipient, 1,000,000 recipients (target <= 64)', results.bytesPerRecipient);
	table('Largest count in any sliding second, limit 80 (1 send, then 400 at 990 ms)', results.busiestSecondAt80);
	table('Through the HTTP emulator (oracle), distinct recipients (targets: >= 0.99, 0 errors, busiest <= mps)', results.emulator);
	table('Pair limit against the oracle, virtual time (fractionOfGreedy = greedy time / ours; exact for 1 recipient)', results.pairLimit);
	table('Redis store, 4 processes', results.redis);
	table('Real hosts with the packed package, distinct recipients (targets: >= 0.99, 0 errors, busiest <= mps)', results.hosts);
	const profile = results.profile as { percentByPlace: object; topFunctionsPercent: object } | undefined;
	if (profile) {
		console.log('\nOne n8n execution at 1,000 msg/s under the CPU profiler (% of its send phase):', { ...profile, percentByPlace: undefined, topFunctionsPercent: undefined });
		table('Self time by where the code lives (%)', profile.percentByPlace);
		table('Functions with the most self time (%)', profile.topFunctionsPercent);
	}
	console.log('\nwritten to bench/results.json');
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
