import { GraphError } from '../graphError';
import type { GraphEmulator } from '../server';
import type { SentMessage } from '../state';

/** Unique users per tier (Meta's "Messaging limits" page); TIER_NOT_SET read as a new portfolio's 250. */
export const TIER_USERS: Readonly<Record<string, number>> = {
	TIER_50: 50,
	TIER_250: 250,
	TIER_2K: 2_000,
	TIER_10K: 10_000,
	TIER_100K: 100_000,
	TIER_UNLIMITED: Infinity,
	TIER_NOT_SET: 250,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What keeps a campaign honest at Meta, emulated: the portfolio's messaging limit (the emulated
 * WABA is the portfolio; its numbers share the tier), users who stopped marketing (131050), the
 * per-user marketing limit (131049) and blocked users (130403). See emulator/README.md.
 */
export class CampaignSafety {
	/** Users reached by a template in the last 24 hours, by when. */
	private readonly reached = new Map<string, number>();
	/** Per number, the users who stopped marketing messages (user_preferences `stop`). */
	private readonly stopped = new Map<string, Set<string>>();
	/** Users at their per-user marketing limit: their next marketing templates fail with 131049. */
	private readonly marketingLimited = new Set<string>();
	/** Per number, its blocklist, in the order users were blocked. */
	readonly blocked = new Map<string, string[]>();

	constructor(private readonly emulator: GraphEmulator) {}

	reset() {
		this.reached.clear();
		this.stopped.clear();
		this.marketingLimited.clear();
		this.blocked.clear();
	}

	/** The portfolio's tier: every emulated number carries it (set together by the control route). */
	tier(phoneNumberId: string): string {
		return this.emulator.state.phoneNumbers.get(phoneNumberId)?.whatsapp_business_manager_messaging_limit ?? 'TIER_2K';
	}

	/** Users reached in the last 24 hours. */
	reachedCount(): number {
		this.forgetOld();
		return this.reached.size;
	}

	/**
	 * Before a message is accepted: refuses a blocked user (130403), and a template to a new user
	 * once the portfolio reached its tier. Meta documents no code for the latter; the emulator
	 * answers 131064, the code of Meta's other messaging-limit refusal, so that a test sees it.
	 */
	check(phoneNumberId: string, waId: string, body: Record<string, unknown>) {
		if (this.blocked.get(phoneNumberId)?.includes(waId))
			throw new GraphError(130403, 'Recipient blocked', `The business blocked ${waId}: unblock the user before messaging them.`);
		if (body.type !== 'template' || body.recipient_type === 'group') return;
		this.forgetOld();
		const tier = this.tier(phoneNumberId);
		if (!this.reached.has(waId) && this.reached.size >= (TIER_USERS[tier] ?? 250))
			throw new GraphError(131064, 'Messaging limit reached', `The business portfolio reached its messaging limit (${tier}: ${this.reached.size} unique users in 24 hours).`);
		this.reached.delete(waId);
		this.reached.set(waId, this.emulator.clock.now());
	}

	/** After a marketing template was accepted: the failure its status will carry, if any. */
	failureFor(message: SentMessage, marketing: boolean) {
		if (!marketing) return undefined;
		if (this.stopped.get(message.phoneNumberId)?.has(message.to))
			return { code: 131050, title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business' };
		if (this.marketingLimited.has(message.to)) return { code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement' };
		return undefined;
	}

	setPreference(phoneNumberId: string, waId: string, value: 'stop' | 'resume') {
		let users = this.stopped.get(phoneNumberId);
		if (!users) this.stopped.set(phoneNumberId, (users = new Set()));
		if (value === 'stop') users.add(waId);
		else users.delete(waId);
	}

	limitMarketing(waId: string, limited: boolean) {
		if (limited) this.marketingLimited.add(waId);
		else this.marketingLimited.delete(waId);
	}

	private forgetOld() {
		const since = this.emulator.clock.now() - DAY_MS;
		for (const [user, at] of this.reached) if (at <= since) this.reached.delete(user);
	}
}
