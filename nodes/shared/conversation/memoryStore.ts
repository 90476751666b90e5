import { CLAIMED_REPLY_MS, MAX_WAIT_MS, WINDOW_MS, type ClaimResult, type ConversationStore, type ItemResult, type Reply, type Settlement, type Wait, type WaitGroup } from './model';

interface OpenGroup {
	group: WaitGroup;
	/** When it is dropped if nothing ended it (a group without deadline). */
	dropAt: number;
	results: Map<number, ItemResult>;
	/** Item index → the wamid of its question. */
	questions: Map<number, string>;
}

const pairKey = (phoneNumberId: string, waId: string) => `${phoneNumberId}:${waId}`;

/** Drops the entries of an insertion-ordered map whose time has come, oldest first. */
function dropExpired(map: Map<string, number>, isExpired: (value: number) => boolean) {
	for (const [key, value] of map) {
		if (!isExpired(value)) break;
		map.delete(key);
	}
}

/** The conversation store of one process: what Redis holds for several, kept in maps. */
export class MemoryConversations implements ConversationStore {
	private readonly groups = new Map<string, OpenGroup>();
	private readonly waits = new Map<string, Wait>();
	/** The questions a user's next message answers, oldest first, per (number, user). */
	private readonly nextMessage = new Map<string, string[]>();
	/** Reply wamid → until when it is remembered as used. */
	private readonly claimed = new Map<string, number>();
	/** (number, user) → when the user last wrote or called. */
	private readonly windows = new Map<string, number>();

	constructor(private readonly now: () => number) {}

	async open(group: WaitGroup): Promise<void> {
		this.dropAbandoned();
		this.groups.set(group.id, { group, dropAt: (group.deadline ?? this.now() + MAX_WAIT_MS) + WINDOW_MS, results: new Map(), questions: new Map() });
	}

	async expect(wait: Wait): Promise<boolean> {
		const open = this.groups.get(wait.group);
		if (!open || open.results.has(wait.index)) return false;
		open.questions.set(wait.index, wait.questionId);
		this.waits.set(wait.questionId, wait);
		if (wait.matchBy === 'nextMessage') {
			const key = pairKey(wait.phoneNumberId, wait.waId);
			this.nextMessage.set(key, [...(this.nextMessage.get(key) ?? []), wait.questionId]);
		}
		return true;
	}

	async settle(groupId: string, result: ItemResult): Promise<Settlement | undefined> {
		const open = this.groups.get(groupId);
		return open ? this.record(open, result) : undefined;
	}

	async claim(reply: Reply): Promise<ClaimResult> {
		const now = this.now();
		dropExpired(this.claimed, (until) => until <= now);
		if (reply.messageId && this.claimed.has(reply.messageId)) return { matched: false, duplicate: true };
		const wait = this.quoted(reply) ?? this.next(reply);
		const open = wait && this.groups.get(wait.group);
		if (!wait || !open) return { matched: false, duplicate: false };
		this.forget(wait.questionId);
		if (reply.messageId) this.claimed.set(reply.messageId, now + CLAIMED_REPLY_MS);
		return { matched: true, settlement: this.record(open, { index: wait.index, outcome: 'replied', json: reply.answer, wait }) };
	}

	async expire(now: number, groupId?: string): Promise<Settlement[]> {
		const candidates = groupId ? [this.groups.get(groupId)].filter((g): g is OpenGroup => !!g) : [...this.groups.values()];
		const settled: Settlement[] = [];
		for (const open of candidates) {
			if (open.group.deadline === undefined || open.group.deadline > now) continue;
			for (let index = 0; index < open.group.size; index++) {
				if (open.results.has(index)) continue;
				const questionId = open.questions.get(index);
				const wait = questionId ? this.waits.get(questionId) : undefined;
				open.results.set(index, { index, outcome: 'timedOut', ...(wait ? { wait } : {}) });
			}
			settled.push(this.finish(open));
		}
		return settled;
	}

	async cancel(groupId: string): Promise<void> {
		const open = this.groups.get(groupId);
		if (open) this.finish(open);
	}

	async openGroups(): Promise<WaitGroup[]> {
		this.dropAbandoned();
		return [...this.groups.values()].map((open) => open.group);
	}

	async heard(phoneNumberId: string, waId: string, at: number): Promise<void> {
		const key = pairKey(phoneNumberId, waId);
		const last = Math.max(at, this.windows.get(key) ?? 0);
		this.windows.delete(key);
		this.windows.set(key, last);
		const now = this.now();
		dropExpired(this.windows, (heard) => heard + WINDOW_MS <= now);
	}

	async lastHeard(phoneNumberId: string, waId: string, now: number): Promise<number | undefined> {
		const heard = this.windows.get(pairKey(phoneNumberId, waId));
		return heard !== undefined && heard + WINDOW_MS > now ? heard : undefined;
	}

	/** The question a reply quotes, if it waits and the reply comes from its recipient to its number. */
	private quoted(reply: Reply): Wait | undefined {
		const wait = reply.contextMessageId ? this.waits.get(reply.contextMessageId) : undefined;
		return wait && wait.phoneNumberId === reply.phoneNumberId && wait.waId === reply.from ? wait : undefined;
	}

	/** The oldest question the user's next message answers. */
	private next(reply: Reply): Wait | undefined {
		const queue = this.nextMessage.get(pairKey(reply.phoneNumberId, reply.from)) ?? [];
		return queue.map((questionId) => this.waits.get(questionId)).find((wait) => wait !== undefined);
	}

	private record(open: OpenGroup, result: ItemResult): Settlement | undefined {
		if (open.results.has(result.index)) return undefined;
		open.results.set(result.index, result);
		return open.results.size >= open.group.size ? this.finish(open) : undefined;
	}

	/** Takes a group and its questions out of the store. */
	private finish(open: OpenGroup): Settlement {
		this.groups.delete(open.group.id);
		for (const questionId of open.questions.values()) this.forget(questionId);
		const results = [...open.results.values()].sort((a, b) => a.index - b.index);
		return { group: open.group, results };
	}

	private forget(questionId: string) {
		const wait = this.waits.get(questionId);
		if (!wait) return;
		this.waits.delete(questionId);
		const key = pairKey(wait.phoneNumberId, wait.waId);
		const queue = this.nextMessage.get(key)?.filter((id) => id !== questionId) ?? [];
		if (queue.length) this.nextMessage.set(key, queue);
		else this.nextMessage.delete(key);
	}

	/** Groups nothing ended within their time (no deadline, never answered) go, so memory stays bounded. */
	private dropAbandoned() {
		const now = this.now();
		for (const open of this.groups.values()) if (open.dropAt <= now) this.finish(open);
	}
}
