import { createHash } from 'node:crypto';
import type { RedisClient } from './redisStore';

/** Each script's SHA-1, as Redis names it in its script cache. */
const scriptShas = new Map<string, string>();

function shaOf(script: string): string {
	let sha = scriptShas.get(script);
	if (!sha) scriptShas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
	return sha;
}

/**
 * An ioredis client for a shared store (`purpose`: pacing, conversations), loaded only when a Redis URL is configured. Commands
 * fail at once while Redis is down (no offline queue), so the pacer falls back to its own state
 * instead of waiting; ioredis keeps reconnecting in the background.
 */
export function connectRedis(url: string, log?: (message: string) => void, purpose = 'pacing'): RedisClient {
	// n8n queue mode and several Node-RED instances share one pacing state through Redis. The build
	// bundles ioredis into dist/vendor (gulpfile.js) and points this require at it; required here,
	// not at the top, so that nobody without a Redis URL loads it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
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
		if (!reported) log?.(`${purpose}: Redis connection error: ${error.message}`);
		reported = true;
	});
	client.on('ready', () => (reported = false));
	// A process that has just started waits for its first connection (at most connectTimeout, after
	// which ioredis reports an error) instead of taking Redis for down and pacing on its own.
	const firstConnection = new Promise<void>((resolve) => {
		client.once('ready', () => resolve());
		client.once('error', () => resolve());
		client.once('end', () => resolve());
	});
	return {
		// By its SHA-1 (EVALSHA): a pacing script is a few kilobytes, sent and hashed on every call
		// otherwise, several times per message. Redis forgets its scripts when it restarts (NOSCRIPT,
		// and the script did not run): the script itself then goes once more.
		eval: async (script, numKeys, ...keysAndArgs) => {
			await firstConnection;
			try {
				return await client.evalsha(shaOf(script), numKeys, ...keysAndArgs);
			} catch (error) {
				if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
				return client.eval(script, numKeys, ...keysAndArgs);
			}
		},
		disconnect: () => client.disconnect(),
	};
}
