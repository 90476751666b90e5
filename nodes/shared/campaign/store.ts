/** The rolling window of the messaging limit (Meta's "Messaging limits" page: a moving 24-hour period). */
export const REACH_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether one more user may be reached, and the window's state for the error that says why not. */
export interface ReachAnswer {
	allowed: boolean;
	/** The user was not in the window yet: a failed send gives the place back. */
	added: boolean;
	/** Users reached in the window, this one included when allowed. */
	count: number;
	/** When the oldest reach leaves the window (UNIX ms); undefined when the window is empty. */
	oldestExpiresAt?: number;
}

export interface ConsentRecord {
	status: 'in' | 'out';
	/** Where it came from: user_preferences, 131050, keyword, import, or what the flow recorded. */
	source: string;
	/** UNIX ms. */
	at: number;
}

/** A rating (GREEN, YELLOW, RED, FLAGGED) or a template status (APPROVED, PAUSED, DISABLED), and when it was learnt. */
export interface StateRecord {
	value: string;
	at: number;
	source: string;
}

/**
 * What the campaign guard keeps: per portfolio the users reached, per business number the
 * consent and block lists, quality and open service windows, per WABA the templates' states,
 * per campaign its counters. In memory (this process) or in Redis (every process, kept over a restart).
 */
export interface CampaignStore {
	reach(portfolio: string, user: string, now: number, limit: number): Promise<ReachAnswer>;
	release(portfolio: string, user: string): Promise<void>;
	setConsent(number: string, entries: Array<[user: string, record: ConsentRecord]>): Promise<void>;
	consent(number: string, user: string): Promise<ConsentRecord | undefined>;
	consents(number: string): Promise<Record<string, ConsentRecord>>;
	setBlocked(number: string, users: string[], blocked: boolean): Promise<void>;
	isBlocked(number: string, user: string): Promise<boolean>;
	setState(scope: string, key: string, record: StateRecord): Promise<void>;
	state(scope: string, key: string): Promise<StateRecord | undefined>;
	/** Adds to a campaign's counter (sent, refused.<reason>, failedAtMeta.<code>, …). */
	count(campaign: string, counter: string): Promise<void>;
	/** Counts a status of a message once, however often its webhook comes; false when counted before. */
	countOnce(campaign: string, messageId: string, counter: string): Promise<boolean>;
	counters(campaign: string): Promise<Record<string, number>>;
}

/** This process's store: gone with the process. */
export class MemoryCampaignStore implements CampaignStore {
	private readonly reaches = new Map<string, Map<string, number>>();
	private readonly consentLists = new Map<string, Map<string, ConsentRecord>>();
	private readonly blockLists = new Map<string, Set<string>>();
	private readonly states = new Map<string, StateRecord>();
	private readonly campaigns = new Map<string, Map<string, number>>();
	private readonly seen = new Set<string>();

	async reach(portfolio: string, user: string, now: number, limit: number): Promise<ReachAnswer> {
		const window = getOr(this.reaches, portfolio, () => new Map<string, number>());
		for (const [who, at] of window) if (at <= now - REACH_WINDOW_MS) window.delete(who);
		const had = window.has(user);
		const allowed = had || window.size < limit;
		if (allowed) {
			window.delete(user);
			window.set(user, now);
		}
		const oldest = window.values().next().value;
		return { allowed, added: allowed && !had, count: window.size, oldestExpiresAt: oldest === undefined ? undefined : oldest + REACH_WINDOW_MS };
	}

	async release(portfolio: string, user: string) {
		this.reaches.get(portfolio)?.delete(user);
	}

	async setConsent(number: string, entries: Array<[string, ConsentRecord]>) {
		const list = getOr(this.consentLists, number, () => new Map<string, ConsentRecord>());
		for (const [user, record] of entries) list.set(user, record);
	}

	async consent(number: string, user: string) {
		return this.consentLists.get(number)?.get(user);
	}

	async consents(number: string) {
		return Object.fromEntries(this.consentLists.get(number) ?? []);
	}

	async setBlocked(number: string, users: string[], blocked: boolean) {
		const list = getOr(this.blockLists, number, () => new Set<string>());
		for (const user of users) {
			if (blocked) list.add(user);
			else list.delete(user);
		}
	}

	async isBlocked(number: string, user: string) {
		return this.blockLists.get(number)?.has(user) ?? false;
	}

	async setState(scope: string, key: string, record: StateRecord) {
		const current = this.states.get(`${scope}\n${key}`);
		if (!current || current.at <= record.at) this.states.set(`${scope}\n${key}`, record);
	}

	async state(scope: string, key: string) {
		return this.states.get(`${scope}\n${key}`);
	}

	async count(campaign: string, counter: string) {
		const counters = getOr(this.campaigns, campaign, () => new Map<string, number>());
		counters.set(counter, (counters.get(counter) ?? 0) + 1);
	}

	async countOnce(campaign: string, messageId: string, counter: string) {
		const key = `${campaign}\n${messageId}\n${counter}`;
		if (this.seen.has(key)) return false;
		this.seen.add(key);
		await this.count(campaign, counter);
		return true;
	}

	async counters(campaign: string) {
		return Object.fromEntries(this.campaigns.get(campaign) ?? []);
	}
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
	let value = map.get(key);
	if (value === undefined) map.set(key, (value = make()));
	return value;
}
