import { createHash } from 'node:crypto';
import type { WebhookEvent } from './event';

export interface DedupOptions {
	/** How long a key is remembered, in milliseconds. 0 turns deduplication off. */
	windowMs: number;
	/** The most keys kept; the oldest go first. Bounds memory whatever the traffic. */
	maxEntries?: number;
	/** The clock, injected by the host (the core has no timers of its own). */
	now: () => number;
}

/** One day, the window both forms default to. n8n's trigger repeats it as a literal for its linter; a test keeps the two equal. */
export const DEFAULT_DEDUP_WINDOW_MINUTES = 1440;
export const DEFAULT_DEDUP_WINDOW_MS = DEFAULT_DEDUP_WINDOW_MINUTES * 60_000;

/** A node's Deduplication Window (minutes, as both forms take it) in ms: empty is the default, 0 or less is off. */
export function dedupWindowMs(minutes: string | number | undefined): number {
	const value = minutes === '' || minutes === undefined ? DEFAULT_DEDUP_WINDOW_MINUTES : Number(minutes);
	return Number.isFinite(value) ? Math.max(0, value) * 60_000 : DEFAULT_DEDUP_WINDOW_MS;
}

const DEFAULT_DEDUP_MAX_ENTRIES = 100_000;

/**
 * The key an event is deduplicated by (Meta redelivers to every subscribed app; Webhooks overview):
 * the wamid of an inbound message (a call permission reply is one), the (id, status) pair of a
 * status, the (wacid, event) pair of a call (calls are redelivered after a 20 s timeout), the
 * (request, group, type, time) of a group event a business call caused, a hash of the content of
 * anything else. A group event without a request is hashed whole: (group, type, time) alone would
 * merge two users who join by link in the same second.
 */
export function dedupKey(event: WebhookEvent): string {
	if ((event.kind === 'message' || event.kind === 'call_permission_reply') && event.messageId) return `message:${event.messageId}`;
	if (event.kind === 'status' && event.messageId) return `status:${event.messageId}:${event.status ?? ''}`;
	if (event.kind === 'call_status' && event.callId) return `call_status:${event.callId}:${event.status ?? ''}`;
	if (event.kind.startsWith('call_') && event.callId) return `call:${event.callId}:${event.kind}`;
	if (event.kind.startsWith('group_') && event.requestId) return `group:${event.requestId}:${event.groupId ?? ''}:${event.status ?? ''}:${event.timestamp ?? ''}`;
	const content = JSON.stringify([event.field, event.kind, event.item ?? event.change.value]);
	return `hash:${createHash('sha256').update(content).digest('base64url')}`;
}

/**
 * Remembers the keys seen within a time window, in insertion order, so that expired keys are
 * dropped from the front and the oldest are dropped first past `maxEntries`.
 */
export class Deduplicator {
	private readonly seenAt = new Map<string, number>();
	private readonly maxEntries: number;

	constructor(private readonly options: DedupOptions) {
		this.maxEntries = options.maxEntries ?? DEFAULT_DEDUP_MAX_ENTRIES;
	}

	get size() {
		return this.seenAt.size;
	}

	/** True the first time a key is seen within the window; false for a duplicate. */
	firstSeen(key: string): boolean {
		if (this.options.windowMs <= 0) return true;
		const now = this.options.now();
		this.expire(now);
		const at = this.seenAt.get(key);
		if (at !== undefined && now - at < this.options.windowMs) return false;
		this.seenAt.delete(key);
		this.seenAt.set(key, now);
		while (this.seenAt.size > this.maxEntries) this.seenAt.delete(this.seenAt.keys().next().value as string);
		return true;
	}

	/** The events not seen before, in order (duplicates inside one POST count too). */
	filter(events: WebhookEvent[]): WebhookEvent[] {
		return events.filter((event) => this.firstSeen(dedupKey(event)));
	}

	private expire(now: number) {
		for (const [key, at] of this.seenAt) {
			if (now - at < this.options.windowMs) break;
			this.seenAt.delete(key);
		}
	}
}
