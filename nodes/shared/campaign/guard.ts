import type { GraphRequest } from '../graph/client';
import type { CampaignState } from './registry';
import { CampaignRefusal } from './refusal';
import { campaignSettings, type CampaignSettings } from './settings';
import { REACH_WINDOW_MS } from './store';
import { tierLimit } from './tiers';

/** A message send as the guard sees it: who sends, to whom, and which template if any. */
export interface GuardedMessage {
	phoneNumberId: string;
	/** The recipient's digits, as Meta's wa_id. */
	user: string;
	template?: { name: string; language: string };
	/** Sent through the Marketing Messages API: a marketing template by definition. */
	marketingApi: boolean;
}

/** Ratings that pause marketing: RED, and FLAGGED as older quality webhooks send it (Meta's "Quality rating" page). */
const PAUSING_RATINGS = ['RED', 'FLAGGED'];
/** Template statuses that cannot be sent (Meta's "Template pausing" page: 132015 paused, 132016 disabled). */
const UNSENDABLE = { PAUSED: 132015, DISABLED: 132016 } as Record<string, number>;

/** The user's digits: a wa_id as the webhooks and the consent list write it. */
export const userOf = (to: unknown) => String(to ?? '').replace(/\D/g, '');

/** The message a Graph request sends, or undefined when it sends none the guard holds (reads, groups, marks as read). */
export function messageOf(request: GraphRequest): GuardedMessage | undefined {
	const match = /^(\d+)\/(messages|marketing_messages)$/.exec(request.path);
	const body = request.body as Record<string, unknown> | undefined;
	if (request.method !== 'POST' || !match || !body || body.status !== undefined || body.recipient_type === 'group') return undefined;
	const template = body.type === 'template' ? (body.template as { name?: string; language?: { code?: string } }) : undefined;
	return {
		phoneNumberId: match[1],
		user: userOf(body.to),
		template: template?.name ? { name: template.name, language: template.language?.code ?? '' } : undefined,
		marketingApi: match[2] === 'marketing_messages',
	};
}

/** What admitting a send reserved: given back when the send fails at once (nothing reached the user). */
export interface Admission {
	release(): Promise<void>;
}

export interface GuardDeps {
	state: CampaignState;
	account: Parameters<typeof campaignSettings>[0] & { wabaId?: string };
	/** A read on the paced path (counted against the WABA's management budget). */
	lookup: <T>(request: GraphRequest) => Promise<T>;
}

/**
 * Holds a send back before any request when it would reach a blocked user, an opted-out user
 * with marketing, a user past the portfolio's messaging limit, or go out from a RED number or as
 * a PAUSED template. Template sends outside a service window count against the limit.
 * @throws CampaignRefusal naming the reason; ValidationError for a bad campaign setting.
 */
export async function admit(message: GuardedMessage, deps: GuardDeps): Promise<Admission> {
	const settings = campaignSettings(deps.account);
	const { store, now } = deps.state;
	const { phoneNumberId: number, user } = message;
	if (await store.isBlocked(number, user))
		throw new CampaignRefusal('blocked', `The user ${user} is blocked by ${number}: unblock them first (Meta would answer 130403).`, { user });
	if (!message.template) return NOTHING_RESERVED;

	// The category is read from Meta only when a decision needs it (a consent record, a paused rating).
	let category: Promise<string | undefined> | undefined;
	const isMarketing = async () => message.marketingApi || (await (category ??= templateCategory(message, deps))) === 'MARKETING';
	const status = await pushedTemplateStatus(message, deps);
	const code = UNSENDABLE[status ?? ''];
	if (settings.qualityPause && code)
		throw new CampaignRefusal('quality', `The template ${message.template.name} (${message.template.language}) is ${status} at Meta: sends resume when it is approved again (Meta would answer ${code}).`, { template: message.template.name, status });

	await checkConsent(message, isMarketing, settings, deps);
	if (settings.qualityPause) {
		const rating = await numberRating(number, deps);
		if (rating && PAUSING_RATINGS.includes(rating) && (await isMarketing()))
			throw new CampaignRefusal('quality', `Marketing from ${number} is paused: its quality rating is ${rating}. Sends resume when the rating recovers.`, { quality: rating });
	}

	// A template inside a service window the user opened is no business-initiated reach (Meta's "Messaging limits" page).
	const inbound = await store.state(`number:${number}`, `inbound:${user}`);
	if (inbound && inbound.at > now() - REACH_WINDOW_MS) return NOTHING_RESERVED;
	const limit = await limitOf(message, settings, deps);
	if (!limit) return NOTHING_RESERVED;
	const portfolio = settings.portfolio(number);
	const answer = await store.reach(portfolio, user, now(), limit.value);
	if (!answer.allowed) {
		const expires = answer.oldestExpiresAt ? new Date(answer.oldestExpiresAt).toISOString() : 'unknown';
		throw new CampaignRefusal(
			'messagingLimit',
			`Messaging limit ${limit.tier} reached: ${answer.count} of ${limit.value} unique users reached in the last 24 hours by the portfolio; the oldest reach expires at ${expires}. ${user} was not sent to.`,
			{ tier: limit.tier, limit: limit.value, count: answer.count, oldestExpiresAt: expires },
		);
	}
	return answer.added ? { release: () => store.release(portfolio, user) } : NOTHING_RESERVED;
}

const NOTHING_RESERVED: Admission = { release: async () => undefined };

async function checkConsent(message: GuardedMessage, isMarketing: () => Promise<boolean>, settings: CampaignSettings, deps: GuardDeps) {
	const record = await deps.state.store.consent(message.phoneNumberId, message.user);
	const held = record?.status === 'out' || (settings.consent.requireOptIn && record?.status !== 'in');
	if (!held || (!settings.consent.everyCategory && !(await isMarketing()))) return;
	const what = settings.consent.everyCategory ? 'templates' : 'marketing';
	if (record?.status === 'out')
		throw new CampaignRefusal('consent', `The user ${message.user} opted out of ${what} (${record.source}, ${new Date(record.at).toISOString()}): not sent.`, { user: message.user, consent: record });
	if (settings.consent.requireOptIn && record?.status !== 'in')
		throw new CampaignRefusal('consent', `The user ${message.user} has no recorded opt-in, which the Consent Rule asks for ${what}: not sent.`, { user: message.user });
}

/** The template's category, from the WABA's template list (kept ten minutes); unknown without a WABA ID. */
async function templateCategory(message: GuardedMessage, deps: GuardDeps): Promise<string | undefined> {
	const { name, language } = message.template!;
	const waba = deps.account.wabaId;
	return waba ? (await deps.state.lookups.template(waba, name, language, deps.lookup)).category : undefined;
}

/** The template's status as the status webhooks last said (PAUSED, DISABLED, APPROVED…); undefined when none came. */
async function pushedTemplateStatus(message: GuardedMessage, deps: GuardDeps): Promise<string | undefined> {
	const { name, language } = message.template!;
	const waba = deps.account.wabaId;
	return waba ? (await deps.state.store.state(`waba:${waba}`, `template:${name}|${language}`))?.value : undefined;
}

/** The number's rating: the newer of the kept lookup and the quality webhooks. */
async function numberRating(number: string, deps: GuardDeps): Promise<string | undefined> {
	const info = await deps.state.lookups.number(number, deps.lookup);
	const { store } = deps.state;
	const pushed = [await store.state(`number:${number}`, 'quality'), info.display ? await store.state(`display:${info.display}`, 'quality') : undefined];
	return newerRating({ value: info.quality, at: info.at }, pushed);
}

/**
 * The rating to trust: a webhook's unless the lookup was read a whole second after it. Meta stamps
 * webhooks in Unix seconds, so a change pushed in the second a lookup was read may be the newer one.
 */
export function newerRating(lookup: { value?: string; at: number }, pushed: Array<{ value: string; at: number } | undefined>): string | undefined {
	const newest = pushed.reduce((a, b) => (b && (!a || b.at > a.at) ? b : a), undefined);
	return newest && newest.at + 1000 > lookup.at ? newest.value : lookup.value;
}

/** The limit in force: the account's tier, or the number's; none when off, unlimited or not reported. */
async function limitOf(message: GuardedMessage, settings: CampaignSettings, deps: GuardDeps): Promise<{ tier: string; value: number } | undefined> {
	if (settings.limit.kind === 'off') return undefined;
	const tier = settings.limit.kind === 'set' ? settings.limit.tier : (await deps.state.lookups.number(message.phoneNumberId, deps.lookup)).tier;
	const value = tierLimit(tier);
	return tier && value !== undefined && Number.isFinite(value) ? { tier, value } : undefined;
}
