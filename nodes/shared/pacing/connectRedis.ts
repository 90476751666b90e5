import type { RedisClient } from './redisStore';

/**
 * An ioredis client for the pacing store, loaded only when a Redis URL is configured. Commands
 * fail at once while Redis is down (no offline queue), so the pacer falls back to its own state
 * instead of waiting; ioredis keeps reconnecting in the background.
 */
export function connectRedis(url: string, log?: (message: string) => void): RedisClient {
	// A runtime dependency on purpose (n8n queue mode and several Node-RED instances share one
	// pacing state), loaded lazily so that nobody without a Redis URL pays for it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports, @n8n/community-nodes/no-restricted-imports
	const Redis = require('ioredis') as typeof import('ioredis').default;
	const client = new Redis(url, {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		connectTimeout: 2000,
		retryStrategy: () => 500,
		lazyConnect: false,
	});
	let reported = false;
	client.on('error', (error: Error) => {
		if (!reported) log?.(`pacing: Redis connection error: ${error.message}`);
		reported = true;
	});
	client.on('ready', () => (reported = false));
	return client as unknown as RedisClient;
}
