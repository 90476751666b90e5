import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConversations } from '../../nodes/shared/conversation/redisStore';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import type { RedisClient } from '../../nodes/shared/pacing/redisStore';
import { RedisServer } from '../../scripts/redisServer';
import { conversationStoreContract } from '../core/conversation.helpers';

let redis: RedisServer;
const clients: RedisClient[] = [];

beforeAll(async () => {
	redis = await RedisServer.start();
});
afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await redis?.kill();
});

/** One "process": its own connection, as each n8n process or Node-RED instance has. */
function store(prefix = 'https://graph.facebook.com') {
	const client = connectRedis(redis.url, undefined, 'conversations');
	clients.push(client);
	return new RedisConversations(client, prefix, () => Date.now());
}

describe('the conversation store in a real redis-server', () => {
	conversationStoreContract(() => store(), () => Date.now());

	it('shares the questions between processes: one asks, another matches the reply, a third finds nothing left', async () => {
		const [asker, receiver, late] = [store(), store(), store()];
		const group = { id: 'shared-1', host: 'n8n' as const, resume: 'http://n8n/webhook-waiting/7', size: 1 };
		await asker.open(group);
		await asker.expect({ group: group.id, index: 0, questionId: 'wamid.shared-q', phoneNumberId: '106540352242922', waId: '16505551234', matchBy: 'quote' });
		const reply = { messageId: 'wamid.shared-r', phoneNumberId: '106540352242922', from: '16505551234', contextMessageId: 'wamid.shared-q', answer: { replyId: 'yes', text: 'Grüße 😀' } };
		const [first, second] = await Promise.all([receiver.claim(reply), late.claim(reply)]);
		const claimed = [first, second].filter((result) => result.matched);
		expect(claimed).toHaveLength(1);
		expect((claimed[0] as { settlement: { results: Array<{ json: unknown }> } }).settlement.results[0].json).toEqual({ replyId: 'yes', text: 'Grüße 😀' });
		expect(await late.claim(reply)).toEqual({ matched: false, duplicate: true });
	});

	it('keeps each Graph host apart: an emulator and Meta never share a question', async () => {
		const meta = store();
		const emulator = store('http://127.0.0.1:4010');
		await meta.open({ id: 'apart', host: 'node-red', resume: 'node-1', size: 1 });
		await meta.expect({ group: 'apart', index: 0, questionId: 'wamid.apart', phoneNumberId: '1', waId: '2', matchBy: 'quote' });
		expect(await emulator.claim({ phoneNumberId: '1', from: '2', contextMessageId: 'wamid.apart', answer: {} })).toEqual({ matched: false, duplicate: false });
		expect((await emulator.openGroups()).map((g) => g.id)).not.toContain('apart');
	});
});
