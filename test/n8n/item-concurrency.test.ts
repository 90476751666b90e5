import { describe, expect, it } from 'vitest';
import { mapItems } from '../../nodes/WhatsAppPlatform/pacing';

/** Holds the thread `ms`, as an item's parameters, expressions and validation do before its request. */
function busy(ms: number) {
	for (const end = performance.now() + ms; performance.now() < end; );
}

describe('An execution\'s items run side by side (mapItems)', () => {
	it('results come in item order; after a failure no new item starts and the first failing item\'s error is thrown', async () => {
		const doubled = await mapItems(50, 8, async (i) => {
			await new Promise((resolve) => setTimeout(resolve, (50 - i) % 7));
			return i * 2;
		});
		expect(doubled).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));

		const started: number[] = [];
		const run = mapItems(100, 4, async (i) => {
			started.push(i);
			await new Promise((resolve) => setTimeout(resolve, 5));
			if (i === 5 || i === 6) throw new Error(`item ${i}`);
		});
		await expect(run).rejects.toThrow('item 5');
		expect(Math.max(...started)).toBeLessThan(12);
	});

	it('items start in slices of a few milliseconds: the requests of other executions in the process are not held while 400 items prepare', async () => {
		let startedBeforeTimer = -1;
		let started = 0;
		const timer = new Promise<void>((resolve) =>
			setTimeout(() => {
				startedBeforeTimer = started;
				resolve();
			}, 1),
		);
		await mapItems(400, 400, async () => {
			started++;
			busy(2);
			await timer;
		});
		// All at once, the timer would fire only after all 400 had prepared (800 ms); here after one slice.
		expect(startedBeforeTimer).toBeGreaterThan(0);
		expect(startedBeforeTimer).toBeLessThan(10);
	});
});
