import { describe, expect, it } from 'vitest';
import { DEFAULT_API_VERSION, type AccountSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { paced } from '../../nodes/shared/run/paced';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { TOKEN, useEmulator } from '../emulator/testClient';

/** A clock the test moves: sleep(ms) resolves when the clock reaches its time, in time order. */
class TestClock {
	time = 1_000_000;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	now = () => this.time;
	sleep = (ms: number) => new Promise<void>((resolve) => this.timers.push({ at: this.time + ms, resolve }));
	async runAll() {
		for (;;) {
			for (let i = 0; i < 20; i++) await Promise.resolve();
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift();
			if (!next) return;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}
}

const handle = useEmulator();

/**
 * 160 sends to distinct recipients from `phoneNumberId` with the account's throughput `auto`; the
 * sends are recorded on the test clock, not made. Returns the span they took and the level lookups.
 */
async function campaign(phoneNumberId: string) {
	const emulator = handle.emulator;
	const account = { accessToken: TOKEN, phoneNumberId, apiVersion: DEFAULT_API_VERSION, baseUrl: emulator.url, throughput: 'auto' } as AccountSettings;
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: emulator.url, apiVersion: DEFAULT_API_VERSION });
	const clock = new TestClock();
	const context = { account, client, pacer: new Pacer({ now: clock.now, sleep: clock.sleep, classify: classifyGraphFailure }) };
	const sentAt: number[] = [];
	const send = (i: number) => paced(context, { kind: 'message', phoneNumberId, recipient: `4915100${String(i).padStart(5, '0')}` }, async () => sentAt.push(clock.time));
	// The first send looks the level up over HTTP; the rest find it known and wait on the test clock.
	await send(0);
	const rest = Array.from({ length: 159 }, (_, i) => send(i + 1));
	await clock.runAll();
	await Promise.all(rest);
	const lookups = emulator.state.requests.filter((r) => r.path.endsWith(`/${phoneNumberId}`) && r.query.fields === 'throughput');
	return { spanMs: Math.max(...sentAt) - Math.min(...sentAt), sends: sentAt.length, lookups: lookups.length };
}

describe('throughput `auto`: the pace read from the number\'s throughput level', () => {
	it('paces a HIGH number at 1,000 msg/s, asking the platform once', async () => {
		handle.emulator.state.phoneNumbers.get('106540352242922')!.throughput.level = 'HIGH';
		const { spanMs, sends, lookups } = await campaign('106540352242922');
		expect(sends).toBe(160);
		// 160 sends at 1,000/s take about 160 ms; at the standard 80/s they would take 2 s.
		expect(spanMs).toBeGreaterThanOrEqual(159);
		expect(spanMs).toBeLessThan(200);
		expect(lookups).toBe(1);
	});

	it('paces a STANDARD number at 80 msg/s', async () => {
		const { spanMs, lookups } = await campaign('106540352242923');
		expect(spanMs).toBeGreaterThan(1900);
		expect(lookups).toBe(1);
	});

	it('paces at the standard 80 msg/s when the level cannot be read', async () => {
		const { spanMs, sends } = await campaign('999999999999999');
		expect(sends).toBe(160);
		expect(spanMs).toBeGreaterThan(1900);
	});
});
