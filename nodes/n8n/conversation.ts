import { sleep } from 'n8n-workflow';
import type { OpenedAccount } from '../shared/account/open';
import { DeadlineWatch, type ConversationStore, type Settlement } from '../shared/conversation';
import { signatureOf } from '../shared/webhook/verify';

/**
 * How a waiting execution is resumed: its settlement POSTed to the execution's resume URL (n8n's
 * `$execution.resumeUrl`, as n8n's Wait node is resumed), signed with the credential's App Secret
 * in this header, which the waiting node checks before it takes the answers.
 */
export const SETTLEMENT_SIGNATURE_HEADER = 'x-flowpace-signature';

/** How long a resume keeps trying while the execution is still being put to wait (n8n answers 409 until then). */
const RESUME_PATIENCE_MS = 120_000;
const RESUME_RETRY_MS = 500;

const utf8 = new TextEncoder();

/** Resumes the waiting execution of a settled group of n8n questions. */
export async function resumeExecution(settlement: Settlement, appSecret: string, log: (message: string) => void): Promise<void> {
	const body = JSON.stringify(settlement);
	const headers = { 'content-type': 'application/json', [SETTLEMENT_SIGNATURE_HEADER]: signatureOf(utf8.encode(body), appSecret) };
	const giveUpAt = Date.now() + RESUME_PATIENCE_MS;
	for (;;) {
		let status = 0;
		let answer = '';
		try {
			const response = await fetch(settlement.group.resume, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
			status = response.status;
			answer = await response.text();
		} catch (error) {
			answer = (error as Error).message;
		}
		if (status >= 200 && status < 300) return;
		if (!worthRetrying(status, answer) || Date.now() > giveUpAt) {
			log(`conversations: could not resume the waiting execution (HTTP ${status || 'no answer'}: ${answer.slice(0, 200)})`);
			return;
		}
		await sleep(RESUME_RETRY_MS);
	}
}

/**
 * An answer worth trying again: none (n8n restarting), a server error, or 409 "running" (the reply
 * came before the execution was stored as waiting). Any other says the wait is over (finished,
 * unknown, refused): trying again would not change it.
 */
function worthRetrying(status: number, answer: string): boolean {
	return status === 0 || status >= 500 || (status === 409 && /running/i.test(answer));
}

/** One deadline watch per conversation store and App Secret in this process, shared by both n8n nodes. */
const watches = new Map<ConversationStore, Map<string, DeadlineWatch>>();

export function n8nDeadlines(opened: OpenedAccount, log: (message: string) => void): DeadlineWatch {
	const { conversations, account } = opened;
	const bySecret = watches.get(conversations) ?? new Map<string, DeadlineWatch>();
	watches.set(conversations, bySecret);
	let watch = bySecret.get(account.appSecret);
	if (!watch) {
		watch = new DeadlineWatch(conversations, 'n8n', { sleep, now: () => Date.now(), log, resume: (settlement) => resumeExecution(settlement, account.appSecret, log) });
		bySecret.set(account.appSecret, watch);
	}
	return watch;
}
