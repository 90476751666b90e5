import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server';
import { N8nHost, PACKAGE } from '../test/hosts/n8nHost';
import { packPackage } from '../test/hosts/pack';
import { ensureN8n, ensureNode, selectedHosts } from '../test/hosts/toolchain';
import { credential, MESSAGES, SECRET, TOKEN, workflow } from './hosts';
import { round } from './util';

/** V8's .cpuprofile (node --cpu-prof): a call tree, and which node each sample hit, µs apart. */
interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
	samples: number[];
	timeDeltas: number[];
}

/**
 * Where one n8n execution's time goes at 1,000 msg/s: `n8n execute` under V8's CPU profiler, the
 * samples from the package's first to its last (the send phase, not n8n's start) summed by where
 * their code lives, and the functions that take the most. The profile is left for Chrome's
 * DevTools (its path is printed).
 */
export async function profileN8n() {
	const { n8n: release } = selectedHosts();
	ensureNode(release.node);
	ensureN8n(release);
	const mps = 1000;
	const emulator = await startEmulator({ token: TOKEN, appSecret: SECRET, mps });
	const dir = mkdtempSync(join(tmpdir(), 'flowpace-profile-'));
	try {
		const n8n = await N8nHost.create(packPackage());
		await n8n.importCredentials([credential(emulator, mps)]);
		await n8n.importWorkflow(workflow('manual', MESSAGES[mps]));
		n8n.extraEnv = { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` };
		const result = await n8n.execute('wfBench000000001');
		if (!result.ok) throw new Error(`n8n execute failed:\n${result.output.slice(-2000)}`);
		const times = emulator.state.messages.map((m) => m.at);
		const file = join(dir, readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!);
		process.stderr.write(`bench: profile: ${file}\n`);
		return {
			messages: times.length,
			achievedFraction: round((times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000) / mps, 4),
			...summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile),
		};
	} finally {
		await emulator.stop();
	}
}

/** Self time of the send phase by where the code lives, in % of that phase, and the top functions. */
function summarise(profile: CpuProfile) {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const ours = (id: number) => frames.get(id)!.url.includes(PACKAGE);
	const first = profile.samples.findIndex(ours);
	let last = profile.samples.length - 1;
	while (last > first && !ours(profile.samples[last])) last--;
	const byPlace = new Map<string, number>();
	const byFunction = new Map<string, number>();
	let total = 0;
	for (let i = first; i <= last; i++) {
		const frame = frames.get(profile.samples[i])!;
		const us = profile.timeDeltas[i];
		total += us;
		byPlace.set(placeOf(frame.url, frame.functionName), (byPlace.get(placeOf(frame.url, frame.functionName)) ?? 0) + us);
		const name = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
		byFunction.set(name, (byFunction.get(name) ?? 0) + us);
	}
	const share = (entries: Map<string, number>, count: number) =>
		Object.fromEntries(
			[...entries]
				.sort((a, b) => b[1] - a[1])
				.slice(0, count)
				.map(([name, us]) => [name, round((100 * us) / total, 1)]),
		);
	return { sendPhaseSeconds: round(total / 1e6, 2), percentByPlace: share(byPlace, 12), topFunctionsPercent: share(byFunction, 15) };
}

/** Where a sample's code lives: the package, n8n's own packages, another dependency, Node.js, or V8. */
function placeOf(url: string, functionName: string): string {
	if (!url) return functionName === '(idle)' ? 'idle (waiting: timers, network)' : `V8 ${functionName}`;
	if (url.includes(PACKAGE)) return 'this package';
	if (url.startsWith('node:')) return 'Node.js (http, net, timers, streams)';
	const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
	return dependency ? dependency[1] : 'other';
}

function shortUrl(url: string): string {
	const at = url.lastIndexOf('node_modules/');
	return at >= 0 ? url.slice(at + 'node_modules/'.length) : url;
}
