import type { WebhookEvent } from './event';

/**
 * Template reviews as the `message_template_status_update` webhook reports them, kept for the
 * operations of this process that wait for one (Template > Create and Update, Wait for Approval).
 * A host's trigger or webhook node says which WABA it receives while it is active; the receiver
 * notes every verified review, before its node's filters.
 */

export interface TemplateReview {
	/** APPROVED, REJECTED, PAUSED, DISABLED, … as the webhook's `event` says. */
	status: string;
	/** `reason` of the webhook (NONE when there is none): INVALID_FORMAT, PROMOTIONAL, … */
	reason?: string;
	/** When this process received it (UNIX ms). */
	at: number;
}

/** How many reviews are kept, newest last: waits read them within seconds. */
const KEPT = 1000;

const watchers = new Map<string, string>();
const reviews = new Map<string, TemplateReview>();

/** A trigger or webhook node (`key`) receives this WABA's webhooks from now on. */
export function watchTemplateReviews(key: string, wabaId: string) {
	if (wabaId) watchers.set(key, wabaId);
}

export function unwatchTemplateReviews(key: string) {
	watchers.delete(key);
}

/** Whether an active trigger of this process receives the WABA's webhooks. */
export function isWatched(wabaId: string): boolean {
	return [...watchers.values()].includes(wabaId);
}

/** Keeps the template reviews among verified events. */
export function noteTemplateReviews(events: WebhookEvent[], now: number) {
	for (const event of events) {
		if (event.kind !== 'template_status' || !event.from || !event.status) continue;
		const reason = (event.change.value as { reason?: unknown }).reason;
		reviews.delete(event.from);
		reviews.set(event.from, { status: event.status, ...(typeof reason === 'string' ? { reason } : {}), at: now });
		if (reviews.size > KEPT) reviews.delete(reviews.keys().next().value!);
	}
}

/** The latest review of a template received at or after `since`. */
export function reviewSince(templateId: string, since: number): TemplateReview | undefined {
	const review = reviews.get(templateId);
	return review && review.at >= since ? review : undefined;
}
