import type { AccountSettings } from '../credentials';
import { SharedDeduplicator } from './dedup';
import { MemoryIdempotency, type IdempotencyStore } from './idempotency';
import { RedisIdempotency } from './redisIdempotency';
import { redisFor } from './redis';

type Account = Pick<AccountSettings, 'baseUrl' | 'redisUrl'>;

/** One store of Idempotency Keys per Graph base URL and Redis URL in this process, as for pacers (run/pacers.ts). */
const idempotencyStores = new Map<string, IdempotencyStore>();

export function idempotencyFor(account: Account, log: (message: string) => void): IdempotencyStore {
	const key = `${account.baseUrl}\n${account.redisUrl?.trim() ?? ''}`;
	let store = idempotencyStores.get(key);
	if (!store) {
		const client = redisFor(account.redisUrl, log);
		store = client ? new RedisIdempotency(client, account.baseUrl, log) : new MemoryIdempotency();
		idempotencyStores.set(key, store);
	}
	return store;
}

/** One cross-process deduplicator per receiving node, window and Redis URL; none without Redis. */
const deduplicators = new Map<string, SharedDeduplicator | undefined>();

export function sharedDeduplicatorFor(account: Account, scope: string, windowMs: number, log: (message: string) => void): SharedDeduplicator | undefined {
	const key = `${scope}\n${windowMs}\n${account.redisUrl?.trim() ?? ''}`;
	if (!deduplicators.has(key)) {
		const client = redisFor(account.redisUrl, log);
		deduplicators.set(key, client ? new SharedDeduplicator(client, `${account.baseUrl}|${scope}`, windowMs, log) : undefined);
	}
	return deduplicators.get(key);
}
