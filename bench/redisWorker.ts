import { recipientKey } from '../nodes/shared/pacing/model';
import { connectRedis } from '../nodes/shared/pacing/connectRedis';
import { classifyGraphFailure } from '../nodes/shared/graph/classify';
import { Pacer } from '../nodes/shared/pacing/pacer';
import { RedisLimits } from '../nodes/shared/pacing/redisStore';
import { recipient, sleep } from './util';

/**
 * One of the processes of the Redis benchmark. `acquire`: as many reservations as it can in
 * `seconds` (32 in flight), limits not binding. `pace`: `count` sends through a pacer at 80/s
 * shared in Redis; prints the send times.
 */
async function main() {
	const [url, mode, arg, id] = process.argv.slice(2);
	const client = connectRedis(url);
	const limits = new RedisLimits(client, 'bench');
	for (let i = 0; i < 50; i++) {
		try {
			await client.eval('return 1', 0);
			break;
		} catch {
			await sleep(100);
		}
	}
	if (mode === 'acquire') {
		const end = Date.now() + Number(arg) * 1000;
		let done = 0;
		const worker = async () => {
			while (Date.now() < end) {
				await limits.acquire('bench-acquire', 1e6, recipientKey(recipient(Number(id) * 10_000_000 + done)), Infinity);
				done++;
			}
		};
		await Promise.all(Array.from({ length: 32 }, worker));
		process.stdout.write(JSON.stringify({ acquires: done, seconds: Number(arg) }));
	} else {
		const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, shared: limits });
		const times: number[] = [];
		await Promise.all(
			Array.from({ length: Number(arg) }, (_, i) =>
				pacer.run({ kind: 'message', phoneNumberId: 'bench-pace', recipient: recipient(Number(id) * 100_000 + i) }, async () => {
					times.push(Date.now());
				}),
			),
		);
		process.stdout.write(JSON.stringify({ times }));
	}
	client.disconnect?.();
}

void main();
