import { ValidationError } from '../graph/errors';

/**
 * The messaging limit: unique users a business portfolio may reach with business-initiated
 * messages in a moving 24 hours (Meta's "Messaging limits" page). The values of
 * `whatsapp_business_manager_messaging_limit` and of the webhooks' `max_daily_conversations_per_business`.
 */
export const TIERS: Readonly<Record<string, number>> = {
	TIER_50: 50,
	TIER_250: 250,
	TIER_2K: 2_000,
	TIER_10K: 10_000,
	TIER_100K: 100_000,
	TIER_UNLIMITED: Infinity,
};

/**
 * TIER_NOT_SET appears in the webhooks' enums without a meaning on Meta's pages. We read it as the
 * limit every new portfolio starts with (250): a guard that is too strict costs a wait, one too
 * loose costs the number's quality.
 */
const NOT_SET = 250;

/** The legacy `max_daily_conversation_per_phone` numbers: -1 is unlimited. */
const LEGACY: Readonly<Record<string, number>> = { '250': 250, '1000': 1_000, '2000': 2_000, '10000': 10_000, '100000': 100_000, '-1': Infinity };

export const TIER_FIELD = 'Messaging Limit (messagingLimit)';

/** What the account says: read the tier from the number, no guard, or a tier set by the user. */
export type LimitSetting = { kind: 'auto' } | { kind: 'off' } | { kind: 'set'; tier: string; limit: number };

/** The account's Messaging Limit field; an unknown value fails before any request. */
export function parseLimitSetting(raw: string | undefined): LimitSetting {
	const value = (raw ?? '').trim();
	if (value === '' || value.toLowerCase() === 'auto') return { kind: 'auto' };
	if (value.toLowerCase() === 'off') return { kind: 'off' };
	const tier = tierLimit(value);
	if (tier === undefined)
		throw new ValidationError(TIER_FIELD, `"${value}" is not a messaging limit: use auto, off, or one of ${[...Object.keys(TIERS), 'TIER_NOT_SET'].join(', ')}`);
	return { kind: 'set', tier: value.toUpperCase(), limit: tier };
}

/** A tier as Meta writes it (TIER_2K, a legacy number, or a number as a string); undefined when unknown. */
export function tierLimit(value: unknown): number | undefined {
	const text = String(value ?? '').trim().toUpperCase();
	if (text === 'TIER_NOT_SET') return NOT_SET;
	return TIERS[text] ?? LEGACY[text];
}
