import type { RedisClient } from '../pacing/redisStore';
import { dedupKey } from '../webhook/dedup';
import type { WebhookEvent } from '../webhook/event';

/** Sets the key if absent, for the window: 1 the first time, 0 for a key another process saw. KEYS: key. ARGV: window ms. */
const FIRST_SEEN = `return redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) and 1 or 0`;

/**
 * Webhook deduplication across processes (n8n webhook processes, Node-RED instances behind a load
 * balancer): an event one process saw within the window is not run again by another. Each process
 * still deduplicates on its own first (webhook/dedup.ts); while Redis is unreachable that is all.
 */
export class SharedDeduplicator {
	private down = false;

	constructor(
		private readonly client: RedisClient,
		/** The receiving node (the same workflow and node in every process): its events only. */
		private readonly scope: string,
		private readonly windowMs: number,
		private readonly log: (message: string) => void,
	) {}

	/** The events no other process has seen within the window, in order. */
	async filter(events: WebhookEvent[]): Promise<WebhookEvent[]> {
		if (this.windowMs <= 0 || events.length === 0) return events;
		const kept: WebhookEvent[] = [];
		for (const event of events) if (await this.firstSeen(dedupKey(event))) kept.push(event);
		return kept;
	}

	private async firstSeen(key: string): Promise<boolean> {
		try {
			const first = Number(await this.client.eval(FIRST_SEEN, 1, `flowpace:dedup:{${this.scope}}:${key}`, Math.ceil(this.windowMs)));
			if (this.down) this.log('webhook: Redis is reachable again; deliveries are deduplicated across processes again');
			this.down = false;
			return first === 1;
		} catch (error) {
			if (!this.down) this.log(`webhook: Redis unreachable (${(error as Error).message}); deliveries are deduplicated by this process alone until it returns`);
			this.down = true;
			return true;
		}
	}
}
