import type { AccountSettings } from '../credentials';
import { connectRedis } from '../pacing/connectRedis';
import { redisUrlProblem } from '../scale/redis';
import { LookupCache } from './lookups';
import { RedisCampaignStore } from './redisStore';
import { MemoryCampaignStore, type CampaignStore } from './store';

/** The campaign records of one Graph host (and Redis URL), and the reads kept for its guard. */
export interface CampaignState {
	store: CampaignStore;
	lookups: LookupCache;
	now: () => number;
}

/**
 * One state per Graph base URL and Redis URL in this process, shared by every node and execution:
 * the limit, the consent list and the quality belong to the portfolio and its numbers, not to a run.
 */
const states = new Map<string, CampaignState>();

export function campaignFor(account: Pick<AccountSettings, 'baseUrl' | 'redisUrl'>, log?: (message: string) => void): CampaignState {
	const redisUrl = account.redisUrl?.trim() ?? '';
	const key = `${account.baseUrl}\n${redisUrl}`;
	let state = states.get(key);
	if (!state) {
		const now = () => Date.now();
		// A malformed URL (reported by the pacer's connection and the credential test) keeps the records in memory.
		const store = redisUrl && !redisUrlProblem(redisUrl) ? new RedisCampaignStore(connectRedis(redisUrl, log), account.baseUrl) : new MemoryCampaignStore();
		state = { store, lookups: new LookupCache(now), now };
		states.set(key, state);
	}
	return state;
}
