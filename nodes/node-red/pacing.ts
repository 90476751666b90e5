import type { Pacer } from '../shared/pacing/pacer';
import type { Node } from './red';

/** A send node's status while messages wait for their slot: queue depth and the current rate. */
export class PacingStatus {
	private pending = 0;
	private timer?: ReturnType<typeof setInterval>;

	constructor(
		private readonly node: Node,
		private readonly pacer: Pacer,
	) {}

	started(phoneNumberId: string) {
		this.pending++;
		this.show(phoneNumberId);
		this.timer ??= setInterval(() => this.show(phoneNumberId), 500);
	}

	/** True when it was the last one in flight. */
	finished(): boolean {
		if (--this.pending > 0) return false;
		this.close();
		return true;
	}

	close() {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	private show(phoneNumberId: string) {
		const waiting = this.pacer.waiting;
		const rate = this.pacer.rate(phoneNumberId);
		const text = waiting > 0 ? `${waiting} waiting · ${rate} msg/s` : `sending · ${rate} msg/s`;
		this.node.status({ fill: 'blue', shape: waiting > 0 ? 'ring' : 'dot', text });
	}
}
