import { expect, it } from 'vitest';
import { WINDOW_MS, type ConversationStore, type Reply, type Wait, type WaitGroup } from '../../nodes/shared/conversation';

export const NUMBER = '106540352242922';
const USERS = ['16505551234', '16505551235', '16505551236'];

let groups = 0;
const newGroup = (size: number, deadline?: number): WaitGroup => ({ id: `exec-${++groups}-${Math.random().toString(36).slice(2)}`, host: 'n8n', resume: 'http://n8n/webhook-waiting/1', deadline, size, data: { outputs: 2 } });
const question = (group: WaitGroup, index: number, extra: Partial<Wait> = {}): Wait => ({
	group: group.id,
	index,
	questionId: `wamid.question-${group.id}-${index}`,
	phoneNumberId: NUMBER,
	waId: USERS[index],
	matchBy: 'quote',
	...extra,
});
const reply = (wait: Wait, extra: Partial<Reply> = {}): Reply => ({
	messageId: `wamid.reply-${Math.random().toString(36).slice(2)}`,
	phoneNumberId: wait.phoneNumberId,
	from: wait.waId,
	contextMessageId: wait.questionId,
	answer: { replyId: `answer-of-${wait.index}`, text: 'Yes please' },
	...extra,
});

/** What every conversation store does, memory or Redis: the same tests run against both. */
export function conversationStoreContract(make: () => ConversationStore, now: () => number) {
	it('resumes a group once every item has its own answer, in item order, each with its question', async () => {
		const store = make();
		const group = newGroup(3);
		await store.open(group);
		const waits = [0, 1, 2].map((index) => question(group, index));
		for (const wait of waits) expect(await store.expect(wait)).toBe(true);
		expect(await store.claim(reply(waits[1]))).toEqual({ matched: true });
		expect(await store.claim(reply(waits[0]))).toEqual({ matched: true });
		const last = await store.claim(reply(waits[2]));
		expect(last.matched).toBe(true);
		const settlement = (last as { settlement: unknown }).settlement;
		expect(settlement).toEqual({
			group,
			results: waits.map((wait, index) => ({ index, outcome: 'replied', wait, json: { replyId: `answer-of-${index}`, text: 'Yes please' } })),
		});
		expect(await store.openGroups()).not.toContainEqual(group);
	});

	it('matches a quoted reply only from the recipient to the number that asked; another user or number matches nothing', async () => {
		const store = make();
		const group = newGroup(1);
		await store.open(group);
		const wait = question(group, 0);
		await store.expect(wait);
		expect(await store.claim(reply(wait, { from: USERS[2] }))).toEqual({ matched: false, duplicate: false });
		expect(await store.claim(reply(wait, { phoneNumberId: '106540352242923' }))).toEqual({ matched: false, duplicate: false });
		expect(await store.claim(reply(wait, { contextMessageId: 'wamid.unknown' }))).toEqual({ matched: false, duplicate: false });
		expect((await store.claim(reply(wait))).matched).toBe(true);
	});

	it('takes the next message of the recipient for a next-message question, oldest question first; a quote-only question waits for a quote', async () => {
		const store = make();
		const quoted = newGroup(1);
		const free = newGroup(2);
		for (const group of [quoted, free]) await store.open(group);
		const quoteOnly = question(quoted, 0);
		const first = question(free, 0, { matchBy: 'nextMessage' });
		const second = question(free, 1, { matchBy: 'nextMessage', waId: USERS[0] });
		for (const wait of [quoteOnly, first, second]) await store.expect(wait);
		const unquoted = { contextMessageId: undefined };
		expect(await store.claim(reply(first, unquoted))).toEqual({ matched: true });
		const settled = await store.claim(reply(first, unquoted));
		expect((settled as { settlement?: { results: Array<{ wait: Wait }> } }).settlement?.results.map((r) => r.wait.questionId)).toEqual([first.questionId, second.questionId]);
		expect(await store.claim(reply(first, unquoted))).toEqual({ matched: false, duplicate: false });
		expect((await store.claim(reply(quoteOnly))).matched).toBe(true);
	});

	it('knows a redelivered reply that already answered, and lets no later reply resume an ended group', async () => {
		const store = make();
		const group = newGroup(2);
		await store.open(group);
		const waits = [question(group, 0), question(group, 1)];
		for (const wait of waits) await store.expect(wait);
		const answer = reply(waits[0]);
		expect(await store.claim(answer)).toEqual({ matched: true });
		expect(await store.claim(answer)).toEqual({ matched: false, duplicate: true });
		await store.cancel(group.id);
		expect(await store.claim(reply(waits[1]))).toEqual({ matched: false, duplicate: false });
		expect(await store.expect(question(group, 1))).toBe(false);
	});

	it('times out the items without an answer at the deadline, once, keeping the answers that came', async () => {
		const store = make();
		const deadline = now() + 60_000;
		const group = newGroup(3, deadline);
		const later = newGroup(1, deadline + 3_600_000);
		for (const g of [group, later]) await store.open(g);
		const waits = [question(group, 0), question(group, 1)];
		for (const wait of waits) await store.expect(wait);
		await store.claim(reply(waits[1]));
		expect(await store.expire(deadline - 1)).toEqual([]);
		expect(await store.expire(deadline, later.id)).toEqual([]);
		const [settlement, ...others] = await store.expire(deadline);
		expect(others).toEqual([]);
		expect(settlement.results.map((r) => [r.index, r.outcome, r.wait?.questionId])).toEqual([
			[0, 'timedOut', waits[0].questionId],
			[1, 'replied', waits[1].questionId],
			// Never asked (its send was still under way): timed out, without a question.
			[2, 'timedOut', undefined],
		]);
		expect(await store.expire(deadline + 1, group.id)).toEqual([]);
		expect(await store.claim(reply(waits[0]))).toEqual({ matched: false, duplicate: false });
		expect((await store.openGroups()).map((g) => g.id)).toContain(later.id);
	});

	it('ends an item that could not be sent, and resumes the group when that was the last', async () => {
		const store = make();
		const group = newGroup(2);
		await store.open(group);
		const wait = question(group, 0);
		await store.expect(wait);
		await store.claim(reply(wait));
		const settlement = await store.settle(group.id, { index: 1, outcome: 'failed', json: { error: 'WhatsApp error 131026' } });
		expect(settlement?.results.map((r) => [r.outcome, r.json])).toEqual([
			['replied', { replyId: 'answer-of-0', text: 'Yes please' }],
			['failed', { error: 'WhatsApp error 131026' }],
		]);
		expect(await store.settle(group.id, { index: 1, outcome: 'failed', json: {} })).toBeUndefined();
	});

	it('keeps the time a user last wrote per number and user, for 24 hours', async () => {
		const store = make();
		const heard = now() - 60_000;
		await store.heard(NUMBER, USERS[0], heard);
		await store.heard(NUMBER, USERS[0], heard - 3_600_000);
		expect(await store.lastHeard(NUMBER, USERS[0], now())).toBe(heard);
		expect(await store.lastHeard('106540352242923', USERS[0], now())).toBeUndefined();
		expect(await store.lastHeard(NUMBER, USERS[1], now())).toBeUndefined();
		expect(await store.lastHeard(NUMBER, USERS[0], heard + WINDOW_MS)).toBeUndefined();
		await store.heard(NUMBER, USERS[1], now() - WINDOW_MS - 1);
		expect(await store.lastHeard(NUMBER, USERS[1], now())).toBeUndefined();
	});
}
