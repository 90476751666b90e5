import { GraphClient } from '../nodes/shared/graph/client';
import { Pacer } from '../nodes/shared/pacing/pacer';
import { undiciTransport } from '../nodes/node-red/transport';
import { startEmulator } from '../test/emulator/server';
import { recipient, round, sleep } from './util';

const PHONE = '106540352242922';

/**
 * Sends `count` messages to distinct recipients at once through the pacer and the real HTTP
 * emulator (the oracle), which refuses with 130429 anything over `mps` in any sliding second.
 */
export async function throughEmulator(mps: number, count: number) {
	const emulator = await startEmulator({ token: 'bench', appSecret: 'S', mps });
	try {
		const pacer = new Pacer({ now: () => Date.now(), sleep });
		const client = new GraphClient({ transport: undiciTransport('bench'), baseUrl: emulator.url, apiVersion: 'v24.0' });
		const sends = Array.from({ length: count }, (_, i) =>
			pacer.run(
				{ kind: 'message', phoneNumberId: PHONE, recipient: recipient(i) },
				() => client.request({ method: 'POST', path: `${PHONE}/messages`, body: { messaging_product: 'whatsapp', to: recipient(i), type: 'text', text: { body: 'bench' } } }),
				{ throughput: mps },
			),
		);
		const results = await Promise.allSettled(sends);
		const times = emulator.state.messages.map((m) => m.at);
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
			limitErrors: emulator.limits.refused[130429] + emulator.limits.refused[131056],
			busiestSecond: emulator.limits.busiestSecond(PHONE),
		};
	} finally {
		await emulator.stop();
	}
}
