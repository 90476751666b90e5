/**
 * The order of the messages to one recipient: each takes its slot once the one before has taken
 * its own, and leaves once the one before has left. Not after the one before has been answered: a
 * recipient's burst would then take one message per round trip (and per wait between slot and
 * request), and a loaded host's burst of 10 would outlast the 6 s the platform gives it.
 */
export class RecipientTurns {
	private readonly last = new Map<string, Turn>();

	/** The next message's turn for `key`; end it when the message is done, sent or not. */
	take(key: string): Turn {
		const turn = new Turn(this.last.get(key));
		this.last.set(key, turn);
		turn.left.then(() => {
			if (this.last.get(key) === turn) this.last.delete(key);
		});
		return turn;
	}
}

export class Turn {
	/** Resolve when this message holds its slot, and when its request leaves (or it ends without). */
	readonly reserved: Promise<void>;
	readonly left: Promise<void>;
	private markReserved!: () => void;
	private markLeft!: () => void;

	constructor(private readonly previous?: Turn) {
		this.reserved = new Promise((resolve) => (this.markReserved = resolve));
		this.left = new Promise((resolve) => (this.markLeft = resolve));
	}

	/** Resolves when this message may ask for its slot. */
	mayReserve(): Promise<void> {
		return this.previous?.reserved ?? Promise.resolve();
	}

	/** Resolves when this message's request may leave. */
	mayLeave(): Promise<void> {
		return this.previous?.left ?? Promise.resolve();
	}

	/** It holds its slot: the next message may ask for one. */
	hasReserved() {
		this.markReserved();
	}

	/** Its request leaves: the next message's may follow. */
	leaves() {
		this.markReserved();
		this.markLeft();
	}
}
