import { errorCodeInfo } from '../graph/errorCodes';

/** What a failed status means for the next send to that user (Meta's "Error codes" page). */
export interface FailureClass {
	code: number;
	title: string;
	/** Sending again to this user will fail the same way: drop them from the list. */
	permanentForUser: boolean;
	/** A limit to wait for before sending again, in words; undefined when there is none. */
	waitFor?: string;
	/** The customer-service window is closed: only a template can reach the user. */
	windowProblem: boolean;
	/** What to do. */
	action: string;
}

const PERMANENT: Record<number, string> = {
	131026: 'The number cannot receive this message (not on WhatsApp, an old app, terms not accepted): remove it from the list.',
	131050: 'The user stopped marketing messages: they are on the opt-out list until they resume; send only utility or authentication templates.',
	131051: 'The message type is not supported for this user: send another type.',
};

const LIMITS: Record<number, { waitFor: string; action: string }> = {
	131049: { waitFor: 'at least 24 hours (per-user marketing limit)', action: 'Meta held back this marketing template to keep engagement healthy: do not resend within 24 hours, or the user is refused for longer.' },
	131048: { waitFor: 'the number\'s quality to recover (spam rate limit)', action: 'Too many users blocked or reported the number: pause campaigns and review the templates.' },
	130429: { waitFor: 'a moment (throughput)', action: 'The number\'s messages per second were exceeded: the pacer retries these by itself.' },
};

/** Classifies the code of a failed status, for the trigger's and webhook node's output. */
export function classifyFailure(code: number, title?: string): FailureClass {
	const info = errorCodeInfo(code);
	const limit = LIMITS[code];
	const windowProblem = code === 131047;
	return {
		code,
		title: title ?? info.title,
		permanentForUser: code in PERMANENT,
		...(limit ? { waitFor: limit.waitFor } : {}),
		windowProblem,
		action: PERMANENT[code] ?? limit?.action ?? (windowProblem ? 'More than 24 hours since the user last wrote: send an approved template instead.' : info.hint),
	};
}
