import type { GraphRequest } from '../../../graph/client';
import { ValidationError } from '../../../graph/errors';
import type { RunContext } from '../../../run/context';
import { isWatched, reviewSince } from '../../../webhook/templateReviews';
import type { Pacing } from '../../types';
import type { ReviewWaitParams } from './form';

/**
 * Waiting for Meta's review of a template (up to 24 hours, Meta's Template management page):
 * from the `message_template_status_update` webhook while a trigger of this process receives the
 * WABA's webhooks, else by reading the template every poll interval, each read paced in the WABA's
 * budget; within the time limit either way.
 */

type Send = (request: GraphRequest, pacing?: Pacing<unknown>) => Promise<unknown>;

/** The statuses that end a review. */
const DECIDED = ['APPROVED', 'REJECTED'];
/** How often a wait on the webhook looks for its review (in this process's memory, no request). */
const WEBHOOK_CHECK_MS = 1000;
/** With a trigger active, the template is still read this often, in case its webhook field is not subscribed. */
const READ_ANYWAY_MS = 5 * 60_000;

export interface ReviewOutcome {
	status: string;
	rejectedReason?: string;
	review: { via: 'webhook' | 'polling'; waitedSeconds: number; timedOut: boolean };
}

interface Waiting extends ReviewWaitParams {
	templateId: string;
	wabaId: string;
	/** When the create or edit was sent (UNIX ms): only a review after it counts. */
	since: number;
	/**
	 * An edited template's status before the edit: a read that still finds it is the old review,
	 * not the new one, until the template was seen in another status.
	 */
	before?: string;
}

export async function waitForReview(context: RunContext, send: Send, waiting: Waiting): Promise<ReviewOutcome> {
	const { sleep } = context;
	if (!sleep) throw new ValidationError('Wait for Approval (waitForApproval)', 'this host cannot wait; turn it off and read the template later');
	const now = () => context.now?.() ?? Date.now();
	const start = now();
	const deadline = start + waiting.approvalTimeoutMinutes * 60_000;
	const pollMs = waiting.pollIntervalSeconds * 1000;
	const outcome = (status: string, reason: string | undefined, via: 'webhook' | 'polling', timedOut = false): ReviewOutcome => ({
		status,
		...(reason && reason !== 'NONE' ? { rejectedReason: reason } : {}),
		review: { via, waitedSeconds: Math.round((now() - start) / 1000), timedOut },
	});
	const read = async () => {
		const request: GraphRequest = { method: 'GET', path: waiting.templateId, query: { fields: 'status,rejected_reason' } };
		return (await send(request, { kind: 'management', waba: () => waiting.wabaId })) as { status?: string; rejected_reason?: string };
	};
	const readEvery = () => (isWatched(waiting.wabaId) ? Math.max(READ_ANYWAY_MS, pollMs) : pollMs);
	let nextRead = start + readEvery();
	let stale = waiting.before;
	for (;;) {
		const watched = isWatched(waiting.wabaId);
		const heard = watched ? reviewSince(waiting.templateId, waiting.since) : undefined;
		if (heard && DECIDED.includes(heard.status)) return outcome(heard.status, heard.reason, 'webhook');
		if (now() >= nextRead || now() >= deadline) {
			const template = await read();
			const status = template.status ?? 'PENDING';
			if (status !== stale) stale = undefined;
			if (DECIDED.includes(status) && !stale) return outcome(status, template.rejected_reason, 'polling');
			if (now() >= deadline) return outcome(status, undefined, watched ? 'webhook' : 'polling', true);
			nextRead = now() + readEvery();
		}
		const step = watched ? WEBHOOK_CHECK_MS : nextRead - now();
		await sleep(Math.max(1, Math.min(step, nextRead - now(), deadline - now())));
	}
}
