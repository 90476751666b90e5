import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CampaignRefusal } from '../../nodes/shared/campaign';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { campaignRunner, marketing, users } from './campaign.helpers';
import { failure, TOKEN } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof campaignRunner>['run'];
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = campaignRunner(emulator).run;
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

/** The consent list is the process's: each test its own sending number's list. */
let numbers = 0;
const number = () => `70000${++numbers}`;

describe('Consent', () => {
	it('records an opt-out and an opt-in with source and time, and looks them up', async () => {
		const phoneNumberId = number();
		expect(await run('consent', 'get', { phoneNumberId, user: '+16505551234' })).toEqual({ user: '16505551234', status: 'none' });
		await run('consent', 'optOut', { phoneNumberId, user: '+1 650 555 1234', source: 'call centre', at: '2026-05-01T10:00:00Z' });
		expect(await run('consent', 'get', { phoneNumberId, user: '+16505551234' })).toEqual({ user: '16505551234', status: 'out', source: 'call centre', at: '2026-05-01T10:00:00.000Z' });
		await run('consent', 'optIn', { phoneNumberId, user: '+16505551234', source: 'web form' });
		expect(await run('consent', 'get', { phoneNumberId, user: '+16505551234' })).toMatchObject({ status: 'in', source: 'web form' });
		expect(emulator.state.requests).toEqual([]);
	});

	it('imports CSV or JSON and exports the same format', async () => {
		const phoneNumberId = number();
		const csv = 'user,status,source,at\n+16505550001,in,web form,2026-05-01T10:00:00Z\n+16505550002,out,shop,2026-05-02T10:00:00Z';
		expect(await run('consent', 'import', { phoneNumberId, list: csv })).toEqual({ imported: 2, optedIn: 1, optedOut: 1 });
		await run('consent', 'import', { phoneNumberId, list: JSON.stringify([{ user: '+16505550003', status: 'out', source: 'sms', at: '2026-05-03T10:00:00Z' }]) });
		const exported = (await run('consent', 'export', { phoneNumberId })) as { records: unknown[]; csv: string };
		expect(exported.records).toHaveLength(3);
		expect(exported.csv).toBe(`${csv.replace(/\+/g, '').replace(/Z/g, '.000Z')}\n16505550003,out,sms,2026-05-03T10:00:00.000Z`);
		const again = number();
		await run('consent', 'import', { phoneNumberId: again, list: exported.csv });
		expect((await run('consent', 'export', { phoneNumberId: again })) as unknown).toEqual(exported);
	});

	it('a list not in the documented format: a clear error and nothing written', async () => {
		const phoneNumberId = number();
		const cases: Array<[unknown, RegExp]> = [
			['phone,consent\n+16505550001,yes', /the first line must be the header user,status,source,at/],
			['user,status\n+16505550001,in\n+16505550002,maybe', /entry 2: status must be in or out, got "maybe"; nothing was imported/],
			['user,status\nabc,in', /entry 1: user "abc" is not a phone number/],
			['[{"user": "+16505550001", "status": "in"', /is not valid JSON/],
			['user,status,source,at\n+16505550001,in,x,yesterday', /at "yesterday" is not an ISO 8601 time/],
		];
		for (const [list, message] of cases) {
			const error = await failure(run('consent', 'import', { phoneNumberId, list }));
			expect(error).toBeInstanceOf(ValidationError);
			expect(error.message).toMatch(message);
		}
		expect(((await run('consent', 'export', { phoneNumberId })) as { records: unknown[] }).records).toEqual([]);
	});
});

describe('Blocked User', () => {
	it('blocks (then sends to the user fail before any request), lists and unblocks', async () => {
		const [user] = users(1, 9000);
		expect(await run('blockedUser', 'block', { users: `${user}, +15550783881` })).toMatchObject({ blocked: [{ input: user, wa_id: user.slice(1) }], failed: [{ input: '+15550783881' }] });
		expect(await run('blockedUser', 'getMany', { returnAll: true })).toEqual([{ messaging_product: 'whatsapp', wa_id: user.slice(1) }]);
		const before = emulator.state.requests.length;
		const refused = await failure(run('message', 'sendTemplate', marketing(user)));
		expect(refused).toBeInstanceOf(CampaignRefusal);
		expect(emulator.state.requests).toHaveLength(before);
		await run('blockedUser', 'unblock', { users: user });
		await run('message', 'sendTemplate', marketing(user));
		expect(emulator.state.messages).toHaveLength(1);
	});

	it('refuses over 1,000 users and what is not a phone number, before any request', async () => {
		expect((await failure(run('blockedUser', 'block', { users: users(1001, 10000).join(',') }))).message).toMatch(/at most 1000 users per request, got 1001/);
		expect((await failure(run('blockedUser', 'block', { users: 'alice' }))).message).toMatch(/"alice" is not a phone number/);
		expect(emulator.state.requests).toEqual([]);
	});
});

describe('Campaign', () => {
	it('reports a campaign, and refuses a key over 512 characters', async () => {
		const key = 'ops-report';
		await run('message', 'sendTemplate', marketing(users(1, 12000)[0], key));
		expect(await run('campaign', 'getReport', { campaign: key })).toMatchObject({ campaign: key, sent: 1, refused: { total: 0 } });
		expect((await failure(run('campaign', 'getReport', { campaign: 'k'.repeat(513) }))).message).toMatch(/over Meta's 512-character limit/);
	});
});
