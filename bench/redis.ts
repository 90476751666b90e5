import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RedisServer } from '../scripts/redisServer';
import { busiest, round } from './util';

/** Runs the worker in `processes` processes; each prints its result as JSON. */
function runWorkers<Result>(url: string, mode: string, arg: number, processes = 4): Promise<Result[]> {
	return Promise.all(
		Array.from({ length: processes }, (_, id) => new Promise<Result>((resolve, reject) => {
			const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'redisWorker.ts'), url, mode, String(arg), String(id)], { stdio: ['ignore', 'pipe', 'inherit'] });
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
			child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
		})),
	);
}

/** The Redis store with 4 processes: raw acquires per second, and the global rate of paced sends at 80/s. */
export async function measureRedis() {
	const redis = await RedisServer.start();
	try {
		const acquire = await runWorkers<{ acquires: number; seconds: number }>(redis.url, 'acquire', 3);
		const acquiresPerSecond = acquire.reduce((sum, r) => sum + r.acquires / r.seconds, 0);
		const perProcess = 200;
		const paced = await runWorkers<{ times: number[] }>(redis.url, 'pace', perProcess);
		const times = paced.flatMap((r) => r.times);
		const span = (Math.max(...times) - Math.min(...times)) / 1000;
		return {
			processes: 4,
			acquiresPerSecond: Math.round(acquiresPerSecond),
			pacedSends: times.length,
			limit: 80,
			globalRate: round((times.length - 1) / span, 2),
			fractionOfLimit: round((times.length - 1) / span / 80, 4),
			busiestSecond: busiest(times),
		};
	} finally {
		await redis.kill();
	}
}
