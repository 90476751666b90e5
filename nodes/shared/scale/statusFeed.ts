import type { WebhookEvent } from '../webhook/event';
import type { IdempotencyStore } from './idempotency';

/**
 * Notes every message a status webhook shows (sent, delivered, read or failed: the platform
 * accepted it), whatever the node's filter passes: an Idempotency Key whose send was cut off
 * before its answer is settled from them (sendOnce.ts).
 */
export async function noteSentMessages(store: IdempotencyStore, received: WebhookEvent[]) {
	for (const event of received) {
		if (event.kind !== 'status' || !event.messageId || !event.recipientId) continue;
		const at = event.timestamp ? Date.parse(event.timestamp) : Number.NaN;
		await store.noteSent(event.recipientId, event.messageId, Number.isFinite(at) ? at : Date.now());
	}
}
