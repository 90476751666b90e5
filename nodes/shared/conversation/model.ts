/**
 * Conversations: questions waiting for their answers, and the 24-hour customer service window
 * (Meta's "Send messages" page: any message or call from the user opens or refreshes it for 24 h;
 * outside it only templates reach the user).
 */

/** The customer service window. */
export const WINDOW_MS = 24 * 60 * 60_000;

/**
 * The longest wait a question may have: Meta keeps trying to deliver a message for 30 days (Meta's
 * "Send messages" page, message TTL), so an answer later than that is not one to wait for.
 */
export const MAX_WAIT_DAYS = 30;
export const MAX_WAIT_MS = MAX_WAIT_DAYS * 24 * 60 * 60_000;

/** How long a reply that answered a question is remembered, so that Meta's redeliveries of it start nothing. */
export const CLAIMED_REPLY_MS = 24 * 60 * 60_000;

/** Which replies answer a question: one quoting it (taps, list picks, Flow answers, quoted replies), or also the recipient's next message. */
export type MatchBy = 'quote' | 'nextMessage';

/** Questions asked together, resumed together: an n8n node's items of one execution, or one Node-RED message. */
export interface WaitGroup {
	id: string;
	/** The host that asked: a store shared through Redis may hold the questions of n8n and Node-RED alike. */
	host: 'n8n' | 'node-red';
	/** Who resumes it: the n8n execution's resume URL, or the Node-RED node's id. */
	resume: string;
	/** When its unanswered questions time out (UNIX ms); none: never. */
	deadline?: number;
	/** Its items, numbered 0 to size - 1. */
	size: number;
	/** What the host keeps with it until it resumes (the Node-RED message, the n8n node's choices). */
	data?: Record<string, unknown>;
}

/** One question waiting for its answer. */
export interface Wait {
	group: string;
	index: number;
	/** The wamid of the question: a reply quotes it in `context.id`. */
	questionId: string;
	phoneNumberId: string;
	/** The recipient as the platform answered the send (`contacts[0].wa_id`): the `from` of their replies. */
	waId: string;
	matchBy: MatchBy;
}

/** How an item of a group ended. */
export type Outcome = 'replied' | 'timedOut' | 'failed';

export interface ItemResult {
	index: number;
	outcome: Outcome;
	/** The answer of a reply, or the error of a question that could not be sent. */
	json?: Record<string, unknown>;
	/** The question, for a reply and a timeout. */
	wait?: Wait;
}

/** A group whose every item ended, taken out of the store: the host resumes it with these results, in item order. */
export interface Settlement {
	group: WaitGroup;
	results: ItemResult[];
}

/** What a reply did: answered a question (and maybe completed its group), was already used, or matched nothing. */
export type ClaimResult = { matched: true; settlement?: Settlement } | { matched: false; duplicate: boolean };

/** A reply as the store matches it: the answer is what the host gets for its question. */
export interface Reply {
	/** The reply's own wamid. */
	messageId?: string;
	phoneNumberId: string;
	from: string;
	/** The message it quotes. */
	contextMessageId?: string;
	/** What the waiting item receives (answers.ts). */
	answer: Record<string, unknown>;
}

/**
 * Where waits and windows live: this process's memory, or Redis shared by every process that uses
 * the same Redis URL. Every change of a group is atomic, so one reply resumes one group once.
 */
export interface ConversationStore {
	/** Opens a group: every item pending until it is expected and answered, settled, or timed out. */
	open(group: WaitGroup): Promise<void>;
	/** Registers a sent question; false when its group ended meanwhile (timed out, cancelled). */
	expect(wait: Wait): Promise<boolean>;
	/** Ends an item without a question (it could not be sent); the settlement when that completed its group. */
	settle(groupId: string, result: ItemResult): Promise<Settlement | undefined>;
	/** Matches a reply to the question it answers and takes that question out. */
	claim(reply: Reply): Promise<ClaimResult>;
	/** Takes out the groups whose deadline passed (or this one, if it did), their pending items timed out. */
	expire(now: number, groupId?: string): Promise<Settlement[]>;
	/** Removes a group and its questions (the flow was stopped, the node deleted, a send failed). */
	cancel(groupId: string): Promise<void>;
	/** The groups still open, to watch their deadlines after a restart or redeploy. */
	openGroups(): Promise<WaitGroup[]>;
	/** Records a message or call from the user (UNIX ms), which opens or refreshes their window. */
	heard(phoneNumberId: string, waId: string, at: number): Promise<void>;
	/** When the user last wrote or called this number within the window, if they did. */
	lastHeard(phoneNumberId: string, waId: string, now: number): Promise<number | undefined>;
}
