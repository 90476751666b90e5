/**
 * Per number, the messages held from beginning a recipient's burst (see OPEN_QUEUE_MS) take turns:
 * one asks again while the others wait for it, so that a queue draining admits them one by one in
 * the order they were held, instead of all asking at once each time it drains.
 */
export class OpeningTurns {
	private readonly last = new Map<string, Promise<void>>();
	private readonly counts = new Map<string, number>();

	/** The messages of `key` holding or awaiting a turn. */
	waiting(key: string): number {
		return this.counts.get(key) ?? 0;
	}

	/** Resolves when it is this caller's turn for `key`; call the function it gives to pass the turn on. */
	async take(key: string): Promise<() => void> {
		const previous = this.last.get(key);
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		const tail = previous ? previous.then(() => mine) : mine;
		this.last.set(key, tail);
		this.counts.set(key, this.waiting(key) + 1);
		if (previous) await previous;
		return () => {
			release();
			if (this.last.get(key) === tail) this.last.delete(key);
			const left = this.waiting(key) - 1;
			if (left === 0) this.counts.delete(key);
			else this.counts.set(key, left);
		};
	}
}
