import type { AccountSettings } from '../credentials';
import { Pacer, type PacerOptions, type PacingSettings } from './pacer';
import { RedisLimits, type RedisClient } from './redisStore';

/**
 * One pacer per Graph base URL (and Redis URL) in this process, shared by every node and every
 * execution: the limits belong to the phone numbers, not to a node or a run.
 */
const pacers = new Map<string, Pacer>();

export interface PacerHost extends Omit<PacerOptions, 'shared'> {
	/** Opens a Redis client for a URL; called once per URL, only when one is configured. */
	connectRedis?: (url: string) => RedisClient;
}

export function pacerFor(account: Pick<AccountSettings, 'baseUrl' | 'redisUrl'>, host: PacerHost): Pacer {
	const redisUrl = account.redisUrl?.trim() ?? '';
	const key = `${account.baseUrl}\n${redisUrl}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		const shared = redisUrl && host.connectRedis ? new RedisLimits(host.connectRedis(redisUrl), account.baseUrl) : undefined;
		pacer = new Pacer({ ...host, shared });
		pacers.set(key, pacer);
	}
	return pacer;
}

/** The account's pacing settings (credential or config node fields). */
export function pacingSettings(account: Partial<AccountSettings>): PacingSettings {
	const seconds = Number(account.maxWaitSeconds);
	return {
		throughput: account.throughput,
		maxWaitMs: account.maxWaitSeconds && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
	};
}
