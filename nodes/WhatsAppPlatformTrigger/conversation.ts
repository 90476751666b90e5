import type { IWebhookFunctions } from 'n8n-workflow';
import { resumeExecution } from '../n8n/conversation';
import type { OpenedAccount } from '../shared/account/open';
import { eventsToStart, observeWindows, sortReplies } from '../shared/conversation';
import type { WebhookEvent } from '../shared/webhook';

/**
 * The conversation side of a delivery: each user heard refreshes their 24-hour window, and a reply
 * a question waits for resumes the execution that asked it (once all its items have their
 * answers). Returns the events that start the trigger's workflow: by default not those replies.
 */
export async function answerQuestions(context: IWebhookFunctions, opened: OpenedAccount, events: WebhookEvent[], startOnReplies: boolean): Promise<WebhookEvent[]> {
	const log = (message: string) => context.logger.warn(message);
	const store = opened.conversations;
	try {
		await observeWindows(events, store, Date.now());
	} catch (error) {
		log(`conversations: could not record the users' 24-hour windows (${(error as Error).message})`);
	}
	const sorted = await sortReplies(events, store, (error) => log(`conversations: could not match the replies (${error.message})`));
	// In the background: an execution may still be being put to wait, and the other events need not wait for it.
	for (const settlement of sorted.settlements) {
		if (settlement.group.host === 'n8n') void resumeExecution(settlement, opened.account.appSecret, log);
	}
	return eventsToStart(events, sorted, startOnReplies);
}
