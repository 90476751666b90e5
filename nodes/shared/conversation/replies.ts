import type { WebhookEvent } from '../webhook/event';
import { prune } from '../webhook/json';
import type { ConversationStore, ItemResult, Reply, Settlement } from './model';

/** Inbound messages that are not anybody's answer: notices of the platform, an opened chat. */
const NOT_ANSWERS = ['system', 'request_welcome', 'unsupported', 'errors'];

/** What the waiting item receives of its reply: the choice, the text, the Flow's answer, media, and the reply itself. */
function answerOf(event: WebhookEvent): Record<string, unknown> {
	return prune({
		replyId: event.replyId,
		replyTitle: event.replyTitle,
		text: event.text,
		flowResponse: event.flowResponse,
		mediaId: event.mediaId,
		mimeType: event.mimeType,
		messageType: event.messageType,
		replyMessageId: event.messageId,
		timestamp: event.timestamp,
		from: event.from,
		contactName: event.contactName,
		phoneNumberId: event.phoneNumberId,
		windowOpenUntil: event.windowOpenUntil,
		item: event.item,
	});
}

/** A user's message as a possible answer to a question of this number (group messages answer none). */
export function replyOf(event: WebhookEvent): Reply | undefined {
	if (event.kind !== 'message' || !event.from || !event.phoneNumberId || event.groupId || NOT_ANSWERS.includes(event.messageType ?? '')) return undefined;
	return { messageId: event.messageId, phoneNumberId: event.phoneNumberId, from: event.from, contextMessageId: event.contextMessageId, answer: answerOf(event) };
}

/**
 * An item's output: its answer with the question it answers, the question that timed out
 * (`timedOut`, and until when it waited), or the error of a question that could not be sent.
 */
export function itemOutput(result: ItemResult, settlement: Settlement): Record<string, unknown> {
	const question = result.wait ? { questionMessageId: result.wait.questionId } : {};
	if (result.outcome === 'replied') return { ...question, ...result.json };
	if (result.outcome === 'failed') return { ...result.json };
	const { deadline } = settlement.group;
	return prune({
		timedOut: true,
		...question,
		to: result.wait?.waId,
		phoneNumberId: result.wait?.phoneNumberId,
		waitedUntil: deadline === undefined ? undefined : new Date(deadline).toISOString(),
	});
}

/** The message of a timeout the user chose to fail on. */
export function timeoutMessage(result: ItemResult, settlement: Settlement): string {
	const { deadline } = settlement.group;
	const to = result.wait ? `+${result.wait.waId}` : 'the recipient';
	const until = deadline === undefined ? '' : ` by ${new Date(deadline).toISOString()}`;
	return `No answer from ${to}${until}: the wait time ran out${result.wait ? ` for question ${result.wait.questionId}` : ''}`;
}

/** A delivery's events, sorted: those that answered a question, the groups they completed, and the rest. */
export interface SortedReplies {
	/** Events that start the flow as usual: no reply, or a reply no question waits for. */
	others: WebhookEvent[];
	/** Replies that answered a waiting question. */
	answers: WebhookEvent[];
	/** Groups those answers completed, to resume. */
	settlements: Settlement[];
}

/**
 * Takes each reply a question waits for out of the store. A redelivered reply that already
 * answered one (Meta delivers again to every subscribed app) is in neither list. A reply the store
 * cannot match (Redis unreachable) starts the flow as usual, and `onError` hears why.
 */
export async function sortReplies(events: WebhookEvent[], store: ConversationStore, onError: (error: Error) => void): Promise<SortedReplies> {
	const sorted: SortedReplies = { others: [], answers: [], settlements: [] };
	for (const event of events) {
		const reply = replyOf(event);
		if (!reply) {
			sorted.others.push(event);
			continue;
		}
		try {
			const claimed = await store.claim(reply);
			if (claimed.matched) {
				sorted.answers.push(event);
				if (claimed.settlement) sorted.settlements.push(claimed.settlement);
			} else if (!claimed.duplicate) sorted.others.push(event);
		} catch (error) {
			onError(error as Error);
			sorted.others.push(event);
		}
	}
	return sorted;
}

/** The events that start the flow: the others, and the answers too when the node is set to start on them (never a redelivered answer). */
export function eventsToStart(events: WebhookEvent[], sorted: SortedReplies, startOnReplies: boolean): WebhookEvent[] {
	return startOnReplies ? events.filter((event) => sorted.others.includes(event) || sorted.answers.includes(event)) : sorted.others;
}
