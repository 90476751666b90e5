import type { CampaignStore } from './store';
import type { RefusalReason } from './refusal';

const REASONS: RefusalReason[] = ['validation', 'consent', 'blocked', 'window', 'messagingLimit', 'quality'];

/** A campaign's counts: sent, refused before sending by reason, failed at Meta by code, then its statuses. */
export interface CampaignReport {
	campaign: string;
	sent: number;
	refused: Record<RefusalReason, number> & { total: number };
	/** Refused by Meta when sent (the HTTP answer), by error code. */
	failedAtMeta: Record<string, number>;
	/** From the status webhooks, each message counted once per status. */
	delivered: number;
	read: number;
	failed: number;
	failedByCode: Record<string, number>;
}

export async function campaignReport(store: CampaignStore, campaign: string): Promise<CampaignReport> {
	const counters = await store.counters(campaign);
	const prefixed = (prefix: string) =>
		Object.fromEntries(Object.entries(counters).filter(([key]) => key.startsWith(prefix)).map(([key, n]) => [key.slice(prefix.length), n]));
	const refused = Object.fromEntries(REASONS.map((reason) => [reason, counters[`refused.${reason}`] ?? 0])) as Record<RefusalReason, number>;
	return {
		campaign,
		sent: counters.sent ?? 0,
		refused: { ...refused, total: REASONS.reduce((sum, reason) => sum + refused[reason], 0) },
		failedAtMeta: prefixed('failedAtMeta.'),
		delivered: counters.delivered ?? 0,
		read: counters.read ?? 0,
		failed: counters.failed ?? 0,
		failedByCode: prefixed('failed.'),
	};
}
