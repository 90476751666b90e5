import type { AccountSettings } from '../shared/credentials';
import { connectRedis } from '../shared/pacing/connectRedis';
import type { Pacer } from '../shared/pacing/pacer';
import { pacerFor } from '../shared/pacing/registry';
import type { Node } from './red';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The process-wide pacer for this account: every send node of every config node shares it. */
export function nodeRedPacer(account: AccountSettings, log: (message: string) => void): Pacer {
	return pacerFor(account, { now: () => Date.now(), sleep, log, connectRedis: (url) => connectRedis(url, log) });
}

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
