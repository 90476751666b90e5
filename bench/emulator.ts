import { spawn, type ChildProcess } from 'node:child_process';
import { GraphClient } from '../nodes/shared/graph/client';
import { classifyGraphFailure } from '../nodes/shared/graph/classify';
import { Pacer } from '../nodes/shared/pacing/pacer';
import { fetchTransport } from '../nodes/shared/graph/fetchTransport';
import { recipient, round, sleep } from './util';

const PHONE = '106540352242922';

interface EmulatorState {
	messages: Array<{ at: number }>;
	limits: { refused: Record<string, number>; busiestSecond: Record<string, number> };
}

/**
 * The emulator in a process of its own, as Meta's servers are: in the benchmark's process, its
 * work at 1,000 msg/s would slow the answers the pacer measures its window by.
 */
async function startEmulatorProcess(mps: number): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--token', 'bench', '--app-secret', 'S', '--mps', String(mps)], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const url = await new Promise<string>((resolve, reject) => {
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${output}`)));
	});
	return { url, child };
}

/**
 * Sends `count` messages to distinct recipients at once through the pacer and the real HTTP
 * emulator (the oracle), which refuses with 130429 anything over `mps` in any sliding second.
 */
export async function throughEmulator(mps: number, count: number) {
	const { url, child } = await startEmulatorProcess(mps);
	try {
		const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure });
		const client = new GraphClient({ transport: fetchTransport('bench'), baseUrl: url, apiVersion: 'v24.0' });
		const sends = Array.from({ length: count }, (_, i) =>
			pacer.run(
				{ kind: 'message', phoneNumberId: PHONE, recipient: recipient(i) },
				() => client.request({ method: 'POST', path: `${PHONE}/messages`, body: { messaging_product: 'whatsapp', to: recipient(i), type: 'text', text: { body: 'bench' } } }),
				{ throughput: mps },
			),
		);
		const results = await Promise.allSettled(sends);
		const state = (await (await fetch(`${url}/__emulator/state`)).json()) as EmulatorState;
		const times = state.messages.map((m) => m.at);
		const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
		// N messages span N - 1 intervals of 1/mps at the full allowed rate.
		const achieved = (times.length - 1) / seconds / mps;
		return {
			mps,
			messages: count,
			accepted: times.length,
			failed: results.filter((r) => r.status === 'rejected').length,
			seconds: round(seconds, 2),
			achievedFraction: round(achieved, 4),
			limitErrors: (state.limits.refused[130429] ?? 0) + (state.limits.refused[131056] ?? 0),
			busiestSecond: state.limits.busiestSecond[PHONE],
		};
	} finally {
		child.kill('SIGTERM');
	}
}
