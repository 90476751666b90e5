import type { AccountSettings } from '../credentials';
import { connectRedis } from '../pacing/connectRedis';
import type { RedisClient } from '../pacing/redisStore';
import { MemoryConversations } from './memoryStore';
import type { ConversationStore } from './model';
import { RedisConversations } from './redisStore';

/**
 * One conversation store per Graph base URL (and Redis URL) in this process, shared by every node:
 * the sending node registers a question where the trigger or webhook node finds its reply.
 */
const stores = new Map<string, ConversationStore>();

export function conversationsFor(account: Pick<AccountSettings, 'baseUrl' | 'redisUrl'>, log: (message: string) => void): ConversationStore {
	const redisUrl = account.redisUrl?.trim() ?? '';
	const key = `${account.baseUrl}\n${redisUrl}`;
	let store = stores.get(key);
	if (!store) {
		const now = () => Date.now();
		store = redisUrl ? new RedisConversations(lazyRedis(redisUrl, log), account.baseUrl, now) : new MemoryConversations(now);
		stores.set(key, store);
	}
	return store;
}

/** Connects on the first command: an account opened only to send never connects for conversations. */
function lazyRedis(url: string, log: (message: string) => void): RedisClient {
	let client: RedisClient | undefined;
	return {
		eval: (script, numKeys, ...keysAndArgs) => (client ??= connectRedis(url, log, 'conversations')).eval(script, numKeys, ...keysAndArgs),
		disconnect: () => client?.disconnect?.(),
	};
}
