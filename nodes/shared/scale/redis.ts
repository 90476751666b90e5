import { connectRedis } from '../pacing/connectRedis';
import type { RedisClient } from '../pacing/redisStore';

/**
 * What is wrong with a Redis URL's form, or undefined when it can be used: redis:// or rediss://
 * (TLS), an optional user and password, a host, an optional port and database number.
 */
export function redisUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a URL: expected redis://[:password@]host[:port][/database]';
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') return `starts with ${parsed.protocol}// instead of redis:// or rediss://`;
	if (!parsed.hostname) return 'names no host: expected redis://[:password@]host[:port][/database]';
	const database = parsed.pathname.replace(/^\//, '');
	if (database !== '' && !/^\d+$/.test(database)) return `names the database "${database}": it must be a number (0 to 15 by default)`;
	return undefined;
}

/** The error a bad Redis URL gets, naming the field, the problem and what happens meanwhile. */
export function redisUrlError(problem: string): string {
	return `Redis URL (redisUrl) ${problem}. Until it is fixed, each process keeps the limits, webhook deduplication and idempotency keys on its own.`;
}

/**
 * One connection per Redis URL in this process, shared by the pacer, webhook deduplication and
 * idempotency keys; undefined for an empty or malformed URL (logged once), which leaves each of
 * them on this process's own state.
 */
const clients = new Map<string, RedisClient | undefined>();

export function redisFor(url: string | undefined, log: (message: string) => void): RedisClient | undefined {
	const trimmed = url?.trim() ?? '';
	if (!trimmed) return undefined;
	if (clients.has(trimmed)) return clients.get(trimmed);
	const problem = redisUrlProblem(trimmed);
	if (problem) log(redisUrlError(problem));
	const client = problem ? undefined : connectRedis(trimmed, log);
	clients.set(trimmed, client);
	return client;
}
