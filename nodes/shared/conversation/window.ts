import type { WebhookEvent } from '../webhook/event';
import { WINDOW_MS, type ConversationStore } from './model';

/** Events about one user of a business number: their messages, calls and the statuses of what was sent to them. */
const ABOUT_A_USER = new Set(['message', 'call_permission_reply', 'status', 'call_connect', 'call_status', 'call_terminate']);

function userOf(event: WebhookEvent): string | undefined {
	if (!ABOUT_A_USER.has(event.kind) || event.groupId || !event.phoneNumberId) return undefined;
	return event.kind === 'status' ? event.recipientId : event.from;
}

/**
 * Whether the event opens or refreshes the user's window (Meta's "Send messages" and Calling API
 * pricing pages): a message from the user, a call from the user, answered or not, and the user
 * accepting a business call.
 */
function opensWindow(event: WebhookEvent): boolean {
	if (event.kind === 'message' || event.kind === 'call_permission_reply') return true;
	if (event.kind === 'call_connect') return event.direction === 'USER_INITIATED';
	return event.kind === 'call_status' && event.callStatus === 'ACCEPTED';
}

/**
 * Records in the store the users these events show writing or calling, then sets each event about a
 * user on `windowOpenUntil`: when that user's window with the number closes (a time past for a
 * message that arrives late).
 */
export async function observeWindows(events: WebhookEvent[], store: ConversationStore, now: number): Promise<void> {
	const opened = new Map<WebhookEvent, number>();
	for (const event of events) {
		const user = userOf(event);
		if (!user || !opensWindow(event)) continue;
		const at = event.timestamp ? Date.parse(event.timestamp) : NaN;
		opened.set(event, Number.isFinite(at) ? at : now);
		await store.heard(event.phoneNumberId!, user, opened.get(event)!);
	}
	const known = new Map<string, number | undefined>();
	for (const event of events) {
		const user = userOf(event);
		if (!user) continue;
		const key = `${event.phoneNumberId}:${user}`;
		if (!known.has(key)) known.set(key, await store.lastHeard(event.phoneNumberId!, user, now));
		const heard = Math.max(known.get(key) ?? -Infinity, opened.get(event) ?? -Infinity);
		if (Number.isFinite(heard)) event.windowOpenUntil = new Date(heard + WINDOW_MS).toISOString();
	}
}
