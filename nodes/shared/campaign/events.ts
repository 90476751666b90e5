import type { WebhookEvent } from '../webhook/event';
import { classifyFailure, type FailureClass } from './failures';
import { userOf } from './guard';
import type { CampaignState } from './registry';

/** The words that opt a user out when a message is exactly one of them (case and spaces ignored). */
export const DEFAULT_STOP_KEYWORDS = ['STOP', 'UNSUBSCRIBE'];

export interface ConsentFeedOptions {
	/** Keywords that opt the writer out; empty: keywords are not read. */
	stopKeywords: string[];
}

/** What the webhook event changed, for the trigger's output and an optional confirmation reply. */
export interface RecordedEffect {
	/** The user opted out or in through this event. */
	consent?: { user: string; status: 'in' | 'out'; source: string };
	/** A failed status, classified. */
	failure?: FailureClass;
	/** A quality or template state the guard now holds. */
	quality?: { scope: string; value: string };
}

const time = (event: WebhookEvent, now: number) => (event.timestamp ? Date.parse(event.timestamp) : now);

/**
 * Feeds the campaign guard from a webhook event, in whichever process received it: opt-outs
 * (user_preferences, 131050, stop keywords), open service windows, quality and template states,
 * and the statuses of campaign sends (counted once each).
 */
export async function recordEvent(state: CampaignState, event: WebhookEvent, options: ConsentFeedOptions): Promise<RecordedEffect> {
	const { store } = state;
	const at = time(event, state.now());
	const item = (event.item ?? {}) as Record<string, unknown>;
	switch (event.kind) {
		case 'user_preference': {
			const user = userOf(event.from);
			if (!event.phoneNumberId || !user || (item.value !== 'stop' && item.value !== 'resume')) return {};
			const status = item.value === 'stop' ? 'out' : 'in';
			await store.setConsent(event.phoneNumberId, [[user, { status, source: 'user_preferences', at }]]);
			return { consent: { user, status, source: 'user_preferences' } };
		}
		case 'message': {
			const user = userOf(event.from);
			if (!event.phoneNumberId || !user) return {};
			await store.setState(`number:${event.phoneNumberId}`, `inbound:${user}`, { value: 'open', at, source: 'message' });
			if (!isStopKeyword(event.text, options.stopKeywords)) return {};
			await store.setConsent(event.phoneNumberId, [[user, { status: 'out', source: 'keyword', at }]]);
			return { consent: { user, status: 'out', source: 'keyword' } };
		}
		case 'status':
			return recordStatus(state, event, at);
		case 'phone_number_quality': {
			const rating = ratingOf(event);
			const scope = event.phoneNumberId ? `number:${event.phoneNumberId}` : event.displayPhoneNumber ? `display:${userOf(event.displayPhoneNumber)}` : undefined;
			if (!rating || !scope) return {};
			await store.setState(scope, 'quality', { value: rating, at, source: event.field });
			return { quality: { scope, value: rating } };
		}
		case 'template_status': {
			const value = (event.change.value ?? {}) as Record<string, unknown>;
			if (!event.wabaId || !value.message_template_name || !event.status) return {};
			const key = `template:${String(value.message_template_name)}|${String(value.message_template_language ?? '')}`;
			await store.setState(`waba:${event.wabaId}`, key, { value: event.status, at, source: event.field });
			return { quality: { scope: key, value: event.status } };
		}
		default:
			return {};
	}
}

async function recordStatus(state: CampaignState, event: WebhookEvent, at: number): Promise<RecordedEffect> {
	const { store } = state;
	const error = event.errors?.[0] as { code?: number; title?: string } | undefined;
	const failure = event.status === 'failed' && typeof error?.code === 'number' ? classifyFailure(error.code, error.title) : undefined;
	const user = userOf(event.recipientId);
	let consent: RecordedEffect['consent'];
	if (failure?.code === 131050 && event.phoneNumberId && user) {
		await store.setConsent(event.phoneNumberId, [[user, { status: 'out', source: '131050', at }]]);
		consent = { user, status: 'out', source: '131050' };
	}
	const campaign = event.trackingData;
	if (campaign && event.messageId && ['delivered', 'read', 'failed'].includes(event.status ?? '') && (await store.counters(campaign)).sent) {
		if ((await store.countOnce(campaign, event.messageId, event.status!)) && failure) await store.count(campaign, `failed.${failure.code}`);
	}
	return { ...(failure ? { failure } : {}), ...(consent ? { consent } : {}) };
}

/**
 * phone_number_quality_update's `event`: FLAGGED and UNFLAGGED in Meta's older examples, the
 * rating itself where it is given. Meta's current reference lists ONBOARDING and
 * THROUGHPUT_UPGRADE, which say nothing of quality: those leave the rating as it was.
 */
function ratingOf(event: WebhookEvent): string | undefined {
	const value = (event.change.value ?? {}) as Record<string, unknown>;
	const named = String(value.quality_rating ?? value.current_quality_rating ?? event.status ?? '').toUpperCase();
	if (named === 'UNFLAGGED') return 'GREEN';
	return ['GREEN', 'YELLOW', 'RED', 'FLAGGED'].includes(named) ? named : undefined;
}

export function isStopKeyword(text: string | undefined, keywords: string[]): boolean {
	const said = (text ?? '').trim().toUpperCase();
	return said !== '' && keywords.some((keyword) => keyword.trim().toUpperCase() === said);
}
