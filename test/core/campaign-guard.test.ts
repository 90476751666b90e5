import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignRefusal } from '../../nodes/shared/campaign';
import { classifyFailure } from '../../nodes/shared/campaign/failures';
import { newerRating } from '../../nodes/shared/campaign/guard';
import { campaignReport } from '../../nodes/shared/campaign/report';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { campaignRunner, change, marketing, metadata, preference, users, utility } from './campaign.helpers';
import { failure, TOKEN } from './messaging.helpers';

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
afterAll(() => emulator.stop());

/** Each test its own portfolio, so that their reach windows do not meet (the state is the process's). */
let portfolios = 0;
const portfolio = () => `9000${++portfolios}`;
const sentTo = () => emulator.state.messages.map((m) => m.to);

describe('messaging limit', () => {
	it('a campaign of 300 at TIER_250: 250 sent, 50 refused before sending naming the tier; a second run reaches the same 250 only', async () => {
		emulator.reset();
		const { sendAll } = campaignRunner(emulator, { messagingLimit: 'TIER_250', businessPortfolioId: portfolio() });
		const audience = users(300);
		const first = await sendAll(audience.map((to) => marketing(to)));
		expect(first.filter((o) => o.ok)).toHaveLength(250);
		const refused = first.filter((o) => !o.ok).map((o) => o.error!);
		expect(refused).toHaveLength(50);
		for (const error of refused) {
			expect(error).toBeInstanceOf(CampaignRefusal);
			expect(error.message).toMatch(/^Messaging limit TIER_250 reached: 250 of 250 unique users reached in the last 24 hours by the portfolio; the oldest reach expires at \d{4}-\d\d-\d\dT/);
		}
		expect(emulator.state.messages).toHaveLength(250);
		expect(emulator.state.requests.filter((r) => r.status >= 400)).toEqual([]);

		const reached = new Set(sentTo());
		emulator.reset();
		const second = await sendAll(audience.map((to) => marketing(to)));
		expect(second.filter((o) => o.ok)).toHaveLength(250);
		expect(new Set(sentTo())).toEqual(reached);
	});

	it('reads the tier from the number (auto), and a user reached again counts once', async () => {
		const own = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
		try {
			own.state.phoneNumbers.get('106540352242922')!.whatsapp_business_manager_messaging_limit = 'TIER_50';
			const { sendAll } = campaignRunner(own, { businessPortfolioId: portfolio() });
			const outcomes = await sendAll([...users(50, 1000), ...users(50, 1000), ...users(1, 2000)].map((to) => utility(to)));
			expect(outcomes.filter((o) => o.ok)).toHaveLength(100);
			expect(outcomes[100].error?.message).toMatch(/Messaging limit TIER_50 reached: 50 of 50/);
			const reads = own.state.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/106540352242922'));
			expect(reads).toHaveLength(1);
			expect(reads[0].query.fields).toContain('whatsapp_business_manager_messaging_limit');
		} finally {
			await own.stop();
		}
	});

	it('a template inside a service window the user opened does not count; free-form replies never count', async () => {
		emulator.reset();
		const { sendAll, deliver, run } = campaignRunner(emulator, { messagingLimit: 'TIER_50', businessPortfolioId: portfolio() });
		const [writer, ...others] = users(51, 3000);
		await deliver(change('messages', { messaging_product: 'whatsapp', metadata, messages: [{ from: writer.slice(1), id: 'wamid.in1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }] }));
		expect((await sendAll(others.map((to) => marketing(to)))).every((o) => o.ok)).toBe(true);
		await run('message', 'sendText', { to: writer, body: 'hello' });
		await run('message', 'sendTemplate', marketing(writer));
		expect(emulator.state.messages).toHaveLength(52);
	});

	it('an unknown tier fails before any request, naming the field and the choices', async () => {
		emulator.reset();
		const { run } = campaignRunner(emulator, { messagingLimit: 'TIER_5K' });
		const error = await failure(run('message', 'sendTemplate', marketing(users(1, 4000)[0])));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toBe('Invalid Messaging Limit (messagingLimit): "TIER_5K" is not a messaging limit: use auto, off, or one of TIER_50, TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED, TIER_NOT_SET');
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});

	it('off: no guard and no read of the number', async () => {
		emulator.reset();
		const { sendAll } = campaignRunner(emulator, { messagingLimit: 'off', consentRule: 'opt-out', qualityPause: 'off', wabaId: '' });
		expect((await sendAll(users(3, 4100).map((to) => marketing(to)))).every((o) => o.ok)).toBe(true);
		expect(emulator.state.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
	});
});

describe('consent', () => {
	it('a user who sent STOP gets no marketing but still a utility template; after resume, marketing again', async () => {
		emulator.reset();
		const { run, deliver } = campaignRunner(emulator, { businessPortfolioId: portfolio() });
		const [user] = users(1, 5000);
		const effects = await deliver(change('messages', { messaging_product: 'whatsapp', metadata, messages: [{ from: user.slice(1), id: 'wamid.stop', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: ' stop ' } }] }), ['STOP']);
		expect(effects[0].consent).toEqual({ user: user.slice(1), status: 'out', source: 'keyword' });
		const refused = await failure(run('message', 'sendTemplate', marketing(user)));
		expect(refused).toBeInstanceOf(CampaignRefusal);
		expect(refused.message).toMatch(/^The user 16505555000 opted out of marketing \(keyword, \d{4}-/);
		await run('message', 'sendTemplate', utility(user));
		await deliver(preference(user.slice(1), 'resume'));
		await run('message', 'sendTemplate', marketing(user));
		expect(emulator.state.messages.map((m) => (m.body.template as { name: string }).name)).toEqual(['order_update', 'spring_sale']);
	});

	it('user_preferences stop and a 131050 failure opt out; the Marketing Messages API is held too', async () => {
		emulator.reset();
		const { run, deliver } = campaignRunner(emulator, { businessPortfolioId: portfolio() });
		const [a, b] = users(2, 5100);
		await deliver(preference(a.slice(1), 'stop'));
		const failed = await deliver(change('messages', { messaging_product: 'whatsapp', metadata, statuses: [{ id: 'wamid.x', status: 'failed', timestamp: '1', recipient_id: b.slice(1), errors: [{ code: 131050, title: 'Unable to deliver the message' }] }] }));
		expect(failed[0].failure).toMatchObject({ code: 131050, permanentForUser: true });
		for (const to of [a, b]) expect(await failure(run('message', 'sendMarketingTemplate', marketing(to)))).toBeInstanceOf(CampaignRefusal);
		expect(emulator.state.messages).toEqual([]);
	});

	it('opt-in: marketing needs a recorded opt-in', async () => {
		emulator.reset();
		const { run, state } = campaignRunner(emulator, { consentRule: 'opt-in', businessPortfolioId: portfolio() });
		const [a, b] = users(2, 5200);
		await state().store.setConsent('106540352242922', [[a.slice(1), { status: 'in', source: 'web form', at: Date.now() }]]);
		await run('message', 'sendTemplate', marketing(a));
		expect((await failure(run('message', 'sendTemplate', marketing(b)))).message).toMatch(/has no recorded opt-in/);
	});
});

describe('blocked users, quality and paused templates', () => {
	it('a send to a blocked user fails before any request', async () => {
		emulator.reset();
		const { run, state } = campaignRunner(emulator);
		const [user] = users(1, 6000);
		await state().store.setBlocked('106540352242922', [user.slice(1)], true);
		const error = (await failure(run('message', 'sendText', { to: user, body: 'hi' }))) as CampaignRefusal;
		expect(error.reason).toBe('blocked');
		expect(error.message).toMatch(/130403/);
		expect(emulator.state.requests).toEqual([]);
	});

	it('RED quality pauses marketing (not utility); GREEN resumes it', async () => {
		emulator.reset();
		const { run, deliver } = campaignRunner(emulator, { businessPortfolioId: portfolio() });
		const [a, b, c] = users(3, 7000);
		await run('message', 'sendTemplate', marketing(a));
		await deliver(change('phone_number_quality_update', { display_phone_number: '15550783881', event: 'FLAGGED', quality_rating: 'RED' }));
		const paused = (await failure(run('message', 'sendTemplate', marketing(b)))) as CampaignRefusal;
		expect(paused.reason).toBe('quality');
		expect(paused.message).toBe('Marketing from 106540352242922 is paused: its quality rating is RED. Sends resume when the rating recovers.');
		await run('message', 'sendTemplate', utility(b));
		await deliver(change('phone_number_quality_update', { display_phone_number: '15550783881', event: 'UNFLAGGED', quality_rating: 'GREEN' }));
		await run('message', 'sendTemplate', marketing(c));
		expect(emulator.state.messages).toHaveLength(3);
	});

	it('a rating pushed in the second a lookup was read wins over it; one pushed a second before the lookup does not', () => {
		// Meta stamps webhooks in whole seconds: RED at 1,000 s may have come after a GREEN read at 1,000.5 s.
		expect(newerRating({ value: 'GREEN', at: 1_000_500 }, [{ value: 'RED', at: 1_000_000 }, undefined])).toBe('RED');
		expect(newerRating({ value: 'GREEN', at: 1_001_000 }, [{ value: 'RED', at: 1_000_000 }])).toBe('GREEN');
		expect(newerRating({ value: 'YELLOW', at: 5 }, [undefined, undefined])).toBe('YELLOW');
		expect(newerRating({ value: 'GREEN', at: 1_000_000 }, [{ value: 'RED', at: 999_000 }, { value: 'GREEN', at: 1_000_000 }])).toBe('GREEN');
	});

	it('a PAUSED template is held until it is approved again', async () => {
		emulator.reset();
		const { run, deliver } = campaignRunner(emulator, { businessPortfolioId: portfolio() });
		const [a] = users(1, 7100);
		const status = (event: string) => change('message_template_status_update', { event, message_template_id: 594425479261599, message_template_name: 'spring_sale', message_template_language: 'en_US', reason: 'NONE' });
		await deliver(status('PAUSED'));
		expect((await failure(run('message', 'sendTemplate', marketing(a)))).message).toMatch(/spring_sale \(en_US\) is PAUSED at Meta.*132015/);
		await deliver(status('APPROVED'));
		await run('message', 'sendTemplate', marketing(a));
	});
});

describe('campaign key and report', () => {
	it('counts sent, refused by reason and the statuses that came back, once each', async () => {
		emulator.reset();
		const { run, sendAll, deliver, state } = campaignRunner(emulator, { messagingLimit: 'TIER_2K', businessPortfolioId: portfolio() });
		const key = `spring-${portfolios}`;
		const [a, b, c] = users(3, 8000);
		await deliver(preference(c.slice(1), 'stop'));
		const outcomes = await sendAll([marketing(a, key), marketing(b, key), marketing(c, key), { ...marketing(a, key), template: 'Bad Name' }]);
		expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, false]);
		const [m1, m2] = emulator.state.messages;
		expect(m1.body.biz_opaque_callback_data).toBe(key);
		const status = (id: string, to: string, value: string, errors?: unknown[]) =>
			change('messages', { messaging_product: 'whatsapp', metadata, statuses: [{ id, status: value, timestamp: '1', recipient_id: to, biz_opaque_callback_data: key, ...(errors ? { errors } : {}) }] });
		for (const body of [status(m1.id, m1.to, 'delivered'), status(m1.id, m1.to, 'delivered'), status(m1.id, m1.to, 'read'), status(m2.id, m2.to, 'failed', [{ code: 131049, title: 'x' }])]) await deliver(body);
		expect(await campaignReport(state().store, key)).toEqual({
			campaign: key,
			sent: 2,
			refused: { validation: 1, consent: 1, blocked: 0, window: 0, messagingLimit: 0, quality: 0, total: 2 },
			failedAtMeta: {},
			delivered: 1,
			read: 1,
			failed: 1,
			failedByCode: { '131049': 1 },
		});
		expect(await run('message', 'sendTemplate', utility(a))).toBeDefined();
	});

	it('a follow-up refused before sending because the user\'s 24-hour window is closed counts under window; it sends when the window is open', async () => {
		emulator.reset();
		const { run, sendAll, state } = campaignRunner(emulator, { messagingLimit: 'TIER_2K', businessPortfolioId: portfolio() });
		const key = `follow-up-${portfolios}`;
		const [a, b] = users(2, 8200);
		expect((await sendAll([marketing(a, key)])).map((o) => o.ok)).toEqual([true]);
		const followUp = (to: string, trackingData: string) => ({ to, body: 'Did the code work?', outsideWindow: 'fail', trackingData });
		const refused = await failure(run('message', 'sendText', followUp(a, key)));
		expect(refused.message).toMatch(/outside the 24-hour customer service window .* Nothing was sent/);
		// Tracking data that names no campaign is no campaign: nothing is counted for it.
		await failure(run('message', 'sendText', followUp(b, 'order-17')));
		expect(emulator.state.messages).toHaveLength(1);
		expect(await campaignReport(state().store, key)).toMatchObject({ sent: 1, refused: { window: 1, total: 1 } });
		expect(await state().store.counters('order-17')).toEqual({});

		const opened = { ...followUp(a, key), outsideWindow: 'send' };
		await run('message', 'sendText', opened);
		expect(emulator.state.messages.at(-1)).toMatchObject({ to: a.slice(1), type: 'text' });
		expect(await campaignReport(state().store, key)).toMatchObject({ sent: 2, refused: { window: 1, total: 1 } });
	});

	it('a campaign key over 512 characters fails before any request; with Tracking Data it is refused', async () => {
		emulator.reset();
		const { run } = campaignRunner(emulator);
		expect((await failure(run('message', 'sendTemplate', marketing(users(1, 8100)[0], 'k'.repeat(513))))).message).toBe(
			"Invalid Campaign Key (campaign): is over Meta's 512-character limit for biz_opaque_callback_data",
		);
		expect((await failure(run('message', 'sendTemplate', { ...marketing(users(1, 8100)[0], 'k'), trackingData: 't' }))).message).toMatch(/both travel in biz_opaque_callback_data/);
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});
});

describe('failure classification', () => {
	it('says what a failed status means for the next send', () => {
		expect(classifyFailure(131026)).toMatchObject({ permanentForUser: true, windowProblem: false });
		expect(classifyFailure(131049)).toMatchObject({ permanentForUser: false, waitFor: 'at least 24 hours (per-user marketing limit)' });
		expect(classifyFailure(131048).waitFor).toMatch(/spam/);
		expect(classifyFailure(130429).waitFor).toMatch(/throughput/);
		expect(classifyFailure(131047)).toMatchObject({ windowProblem: true, action: expect.stringMatching(/template/) });
		expect(classifyFailure(131051).permanentForUser).toBe(true);
	});
});

describe('order', () => {
	it('a user\'s messages reach Meta in the order they were sent, though the guard reads more for the first', async () => {
		emulator.reset();
		const { run } = campaignRunner(emulator, { businessPortfolioId: portfolio() });
		// Tracking Data makes the guard look the first message's campaign up; the second needs no read.
		const texts = ['first, with tracking data', 'second', 'third'];
		await Promise.all(texts.map((body, i) => run('message', 'sendText', { to: '+16505559900', body, trackingData: i === 0 ? 'order-4711' : undefined })));
		expect(emulator.state.messages.map((m) => (m.body as { text: { body: string } }).text.body)).toEqual(texts);
	});
});
