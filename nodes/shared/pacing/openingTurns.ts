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

	/**
	 * A place in `key`'s line: `turn` resolves when it is this caller's; `leave` passes the turn on,
	 * or gives the place up before its turn (the ones behind it then wait for the one before it).
	 */
	enter(key: string): { turn: Promise<void>; leave: () => void } {
		const previous = this.last.get(key);
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		const tail = previous ? previous.then(() => mine) : mine;
		this.last.set(key, tail);
		this.counts.set(key, this.waiting(key) + 1);
		let left = false;
		const leave = () => {
			if (left) return;
			left = true;
			release();
			if (this.last.get(key) === tail) this.last.delete(key);
			const others = this.waiting(key) - 1;
			if (others === 0) this.counts.delete(key);
			else this.counts.set(key, others);
		};
		return { turn: previous ?? Promise.resolve(), leave };
	}
}
