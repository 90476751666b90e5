import type { AccountSettings } from '../credentials';
import { classifyGraphFailure } from '../graph/classify';
import { Pacer } from '../pacing/pacer';
import { RedisLimits } from '../pacing/redisStore';
import { redisFor } from '../scale/redis';

/** What a host lends the pacer: its timer (the core keeps none of its own) and its log. */
export interface PacerHost {
	sleep: (ms: number) => Promise<void>;
	/** Redis going down and coming back; the account's secrets are already removed. */
	log: (message: string) => void;
}

/**
 * One pacer per Graph base URL (and Redis URL) in this process, shared by every node and every
 * execution: the limits belong to the phone numbers and WABAs, not to a node or a run.
 */
const pacers = new Map<string, Pacer>();

export function pacerFor(account: Pick<AccountSettings, 'baseUrl' | 'redisUrl'>, host: PacerHost): Pacer {
	const redisUrl = account.redisUrl?.trim() ?? '';
	const key = `${account.baseUrl}\n${redisUrl}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		const client = redisFor(redisUrl, host.log);
		const shared = client ? new RedisLimits(client, account.baseUrl) : undefined;
		pacer = new Pacer({ now: () => Date.now(), sleep: host.sleep, log: host.log, classify: classifyGraphFailure, shared });
		pacers.set(key, pacer);
	}
	return pacer;
}
