import { findOperation } from '../catalog';
import type { PacingContext } from '../run/context';
import { runOperation } from '../run';
import type { WebhookEvent } from '../webhook/event';
import { DEFAULT_STOP_KEYWORDS, recordEvent } from './events';
import { campaignFor } from './registry';

/** The trigger's and webhook node's campaign options, as typed in their forms. */
export interface FeedSettings {
	/** Comma-separated; empty: no keyword opts out. Default STOP, UNSUBSCRIBE. */
	stopKeywords?: string;
	/** The reply to a stop keyword; empty: no reply. */
	stopConfirmation?: string;
}

export const DEFAULT_STOP_CONFIRMATION = 'You will not receive marketing messages from us any more.';
export const DEFAULT_STOP_KEYWORDS_TEXT = DEFAULT_STOP_KEYWORDS.join(', ');

export const keywordsOf = (text: string | undefined) => (text ?? DEFAULT_STOP_KEYWORDS_TEXT).split(',').map((word) => word.trim()).filter(Boolean);

/**
 * Feeds the campaign guard from every event of a verified delivery (whatever the node's filter),
 * and marks the events the node passes on with what they recorded (`consent`, `failure`). A stop
 * keyword is confirmed by a text reply, inside the service window the user's message opened.
 * A failed reply is logged, not thrown: the delivery was already answered.
 */
export async function feedCampaign(context: PacingContext, received: WebhookEvent[], settings: FeedSettings, log: (message: string) => void) {
	const state = campaignFor(context.account);
	const stopKeywords = keywordsOf(settings.stopKeywords);
	const confirmation = (settings.stopConfirmation ?? DEFAULT_STOP_CONFIRMATION).trim();
	for (const event of received) {
		try {
			const effect = await recordEvent(state, event, { stopKeywords });
			if (effect.failure) event.failure = effect.failure;
			if (effect.consent) event.consent = effect.consent;
			if (effect.consent?.source === 'keyword' && confirmation && event.phoneNumberId)
				await runOperation(findOperation('message', 'sendText')!, { phoneNumberId: event.phoneNumberId, to: `+${effect.consent.user}`, body: confirmation }, context);
		} catch (error) {
			log(`campaign: could not record a ${event.kind} event: ${(error as Error).message}`);
		}
	}
}
