import { redisUrlError, redisUrlProblem } from './redis';

const CHECK_TIMEOUT_MS = 3000;

/**
 * Connects to a Redis URL once and asks for a PING, as the credential test and a deploy do:
 * undefined when it answers, else a clear error (malformed, unreachable, refused password). The
 * error never repeats the URL, which may hold the password.
 */
export async function checkRedis(url: string): Promise<string | undefined> {
	const problem = redisUrlProblem(url);
	if (problem) return redisUrlError(problem);
	// Bundled into dist/vendor by the build, as for the pacer (pacing/connectRedis.ts).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Redis = require('ioredis') as typeof import('ioredis').default;
	const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: CHECK_TIMEOUT_MS, retryStrategy: () => null });
	// A refused password arrives as an error event; the connect call then only says the connection closed.
	let refused: Error | undefined;
	client.on('error', (error: Error) => (refused ??= error));
	const { hostname, port } = new URL(url);
	const where = `${hostname}:${port || 6379}`;
	try {
		await client.connect();
		await client.ping();
		return undefined;
	} catch (error) {
		const message = (refused ?? (error as Error)).message;
		if (/WRONGPASS|NOAUTH|invalid password|AUTH/i.test(message)) return redisUrlError(`is refused by Redis at ${where}: wrong user or password (${message.split('\n')[0]})`);
		return redisUrlError(`cannot be reached: Redis at ${where} did not answer (${message.split('\n')[0]})`);
	} finally {
		client.disconnect();
	}
}
