import type { AccountSettings } from '../credentials';
import { ValidationError } from '../graph/errors';
import { parseLimitSetting, type LimitSetting } from './tiers';

/** Which sends the consent list holds back (Meta's "Get opt-in for WhatsApp" page asks for opt-in before templates). */
export const CONSENT_RULES = {
	'opt-out': 'Marketing templates to a user who opted out are refused',
	'opt-in': 'Marketing templates need a recorded opt-in; opted-out users and users with no record are refused',
	'opt-out-all': 'No template of any category goes to a user who opted out',
	'opt-in-all': 'Every template needs a recorded opt-in',
} as const;

export type ConsentRule = keyof typeof CONSENT_RULES;

export interface CampaignSettings {
	limit: LimitSetting;
	/** The reach window's key: the portfolio ID when set, else the WABA ID, else the sending number. */
	portfolio: (phoneNumberId: string) => string;
	consent: { requireOptIn: boolean; everyCategory: boolean };
	/** Pause marketing from a RED or FLAGGED number, and sends of a PAUSED or DISABLED template. */
	qualityPause: boolean;
}

/** The account's campaign fields, read before any request; an unknown value names the field and the choices. */
export function campaignSettings(account: Partial<AccountSettings>): CampaignSettings {
	const rule = (account.consentRule?.trim() || 'opt-out') as ConsentRule;
	if (!(rule in CONSENT_RULES)) throw new ValidationError('Consent Rule (consentRule)', `"${rule}" is not a rule: use one of ${Object.keys(CONSENT_RULES).join(', ')}`);
	const pause = account.qualityPause?.trim().toLowerCase() || 'on';
	if (pause !== 'on' && pause !== 'off') throw new ValidationError('Quality Pause (qualityPause)', `"${pause}" must be on or off`);
	const portfolioId = account.businessPortfolioId?.trim() || account.wabaId?.trim();
	return {
		limit: parseLimitSetting(account.messagingLimit),
		portfolio: (phoneNumberId) => portfolioId || `number:${phoneNumberId}`,
		consent: { requireOptIn: rule.startsWith('opt-in'), everyCategory: rule.endsWith('-all') },
		qualityPause: pause === 'on',
	};
}
