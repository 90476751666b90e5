import { Deduplicator } from '../shared/webhook';

/**
 * One deduplicator per trigger node and settings, kept across requests of this process. A node
 * whose window changes gets a fresh one; the map holds one entry per active trigger node.
 */
const deduplicators = new Map<string, { windowMs: number; dedup: Deduplicator }>();

export function deduplicatorFor(nodeKey: string, windowMs: number): Deduplicator {
	const known = deduplicators.get(nodeKey);
	if (known && known.windowMs === windowMs) return known.dedup;
	const dedup = new Deduplicator({ windowMs, now: () => Date.now() });
	deduplicators.set(nodeKey, { windowMs, dedup });
	return dedup;
}

export function forgetDeduplicator(nodeKey: string) {
	deduplicators.delete(nodeKey);
}
