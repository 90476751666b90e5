/**
 * The emulator's time: real time plus an offset that tests move forward, so that limits that
 * recover over minutes (the pair limit, media URL expiry, hourly budgets) can be tested at once.
 */
export class EmulatorClock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
