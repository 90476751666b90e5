/**
 * The largest value seen in the last `memoryMs` to `2 x memoryMs` (two alternating buckets): a
 * cheap sliding maximum for the pacer's slowest answers of late.
 */
export class RecentMax {
	private current = 0;
	private previous = 0;
	private bucketStart = -Infinity;

	constructor(private readonly memoryMs: number) {}

	add(value: number, now: number) {
		this.rotate(now);
		if (value > this.current) this.current = value;
	}

	get(now: number): number {
		this.rotate(now);
		return Math.max(this.current, this.previous);
	}

	private rotate(now: number) {
		if (now - this.bucketStart < this.memoryMs) return;
		this.previous = now - this.bucketStart < 2 * this.memoryMs ? this.current : 0;
		this.current = 0;
		this.bucketStart = now;
	}
}
