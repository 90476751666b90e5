import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admit, messageOf, type GuardDeps } from '../../nodes/shared/campaign/guard';
import { recordEvent } from '../../nodes/shared/campaign/events';
import { LookupCache } from '../../nodes/shared/campaign/lookups';
import { RedisCampaignStore } from '../../nodes/shared/campaign/redisStore';
import { CampaignRefusal } from '../../nodes/shared/campaign/refusal';
import type { CampaignState } from '../../nodes/shared/campaign/registry';
import { connectRedis } from '../../nodes/shared/pacing/connectRedis';
import type { RedisClient } from '../../nodes/shared/pacing/redisStore';
import { normalise } from '../../nodes/shared/webhook';
import { RedisServer } from '../../scripts/redisServer';

let redis: RedisServer;
const clients: RedisClient[] = [];
beforeAll(async () => {
	redis = await RedisServer.start();
});
afterAll(async () => {
	for (const client of clients) client.disconnect?.();
	await redis?.kill();
});

const NUMBER = '106540352242922';
let tests = 0;

/** One "process": its own Redis connection, store and kept lookups; a tier set in its account, so no Graph read. */
function processOf(prefix: string): GuardDeps {
	const client = connectRedis(redis.url);
	clients.push(client);
	const state: CampaignState = { store: new RedisCampaignStore(client, prefix), lookups: new LookupCache(() => Date.now()), now: () => Date.now() };
	const lookup = async <T>(): Promise<T> => ({ quality_rating: 'GREEN' }) as T;
	return { state, account: { messagingLimit: 'TIER_250', wabaId: '', businessPortfolioId: '42' }, lookup };
}

const template = (to: string, endpoint = 'messages') =>
	messageOf({ method: 'POST', path: `${NUMBER}/${endpoint}`, body: { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'spring_sale', language: { code: 'en_US' } } } })!;

const outcome = (promise: Promise<unknown>) => promise.then(() => 'sent', (error: unknown) => (error instanceof CampaignRefusal ? error.reason : String(error)));

describe('two processes sharing Redis', () => {
	it('hold one messaging limit: 300 users from two processes at TIER_250, 250 admitted between them', async () => {
		const prefix = `campaign-${++tests}`;
		const [a, b] = [processOf(prefix), processOf(prefix)];
		const users = Array.from({ length: 300 }, (_, i) => String(16505550000 + i));
		const outcomes = await Promise.all(users.map((user, i) => outcome(admit(template(user), i % 2 ? a : b))));
		expect(outcomes.filter((o) => o === 'sent')).toHaveLength(250);
		expect(outcomes.filter((o) => o === 'messagingLimit')).toHaveLength(50);
		// A user already reached admits again in either process; a new one does not.
		const reached = users[outcomes.indexOf('sent')];
		expect(await outcome(admit(template(reached), a))).toBe('sent');
		expect(await outcome(admit(template('16505559999'), b))).toBe('messagingLimit');
	});

	it('hold one opt-out list, fed by either; it survives a restart', async () => {
		const prefix = `campaign-${++tests}`;
		const [a, b] = [processOf(prefix), processOf(prefix)];
		const stop = {
			object: 'whatsapp_business_account',
			entry: [{ id: '1', changes: [{ field: 'user_preferences', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: NUMBER }, user_preferences: [{ wa_id: '16505551234', detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: 1731705721 }] } }] }],
		};
		for (const event of normalise(stop)) await recordEvent(a.state, event, { stopKeywords: [] });
		expect(await outcome(admit(template('16505551234', 'marketing_messages'), b))).toBe('consent');
		const restarted = processOf(prefix);
		expect(await restarted.state.store.consent(NUMBER, '16505551234')).toEqual({ status: 'out', source: 'user_preferences', at: 1731705721000 });
		expect(await outcome(admit(template('16505551234', 'marketing_messages'), restarted))).toBe('consent');
		expect(await outcome(admit(template('16505550001', 'marketing_messages'), restarted))).toBe('sent');
	});

	it('keeps a campaign\'s counters and reach over a restart, each status counted once', async () => {
		const prefix = `campaign-${++tests}`;
		const first = processOf(prefix).state.store;
		await first.count('spring', 'sent');
		expect(await first.countOnce('spring', 'wamid.1', 'delivered')).toBe(true);
		expect(await first.countOnce('spring', 'wamid.1', 'delivered')).toBe(false);
		await first.reach('42', '1', Date.now(), 1);
		const again = processOf(prefix).state.store;
		expect(await again.counters('spring')).toEqual({ sent: 1, delivered: 1 });
		expect((await again.reach('42', '2', Date.now(), 1)).allowed).toBe(false);
	});
});
