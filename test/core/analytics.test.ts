import { beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { DAY_MS, dayStart, failure, graphCalls, isoDay, REMINDER_ID, sendThrough, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
let day0 = 0;

/** Day 0: 3 texts and 2 reminder templates from the first number; day 1: 1 text from the second, 1 reminder. */
beforeEach(async () => {
	day0 = dayStart(emulator());
	for (let i = 0; i < 3; i++) await sendThrough(emulator(), 'text');
	await sendThrough(emulator(), 'reminder');
	await sendThrough(emulator(), 'reminder');
	emulator().clock.advance(DAY_MS);
	await sendThrough(emulator(), 'text', '106540352242923');
	await sendThrough(emulator(), 'reminder');
	emulator().state.requests.length = 0;
});

const range = (days: number) => ({ start: isoDay(day0), end: isoDay(day0 + days * DAY_MS) });

describe('analytics: messaging', () => {
	it('reports what was sent through the emulator, one item per day with ISO timestamps', async () => {
		const points = await run('analytics', 'getMessaging', { ...range(3), granularity: 'DAY' });
		expect(points).toEqual([
			{ start: isoDay(day0), end: isoDay(day0 + DAY_MS), sent: 5, delivered: 5 },
			{ start: isoDay(day0 + DAY_MS), end: isoDay(day0 + 2 * DAY_MS), sent: 2, delivered: 2 },
			{ start: isoDay(day0 + 2 * DAY_MS), end: isoDay(day0 + 3 * DAY_MS), sent: 0, delivered: 0 },
		]);
		const [call] = graphCalls(emulator());
		expect(call.path).toBe(`/v24.0/${WABA_ID}`);
		expect(call.query.fields).toBe(`analytics.start(${day0 / 1000}).end(${day0 / 1000 + 3 * 86_400}).granularity(DAY)`);
	});

	it('filters by phone number and sums by month', async () => {
		const points = await run('analytics', 'getMessaging', { ...range(2), granularity: 'MONTH', phoneNumbers: '15550783882' });
		expect(points.reduce((sum: number, p: any) => sum + p.sent, 0)).toBe(1);
		expect(graphCalls(emulator())[0].query.fields).toContain('.phone_numbers(["15550783882"])');
	});

	it('refuses a start more than a year back, and an end before the start, before any request', async () => {
		const old = await failure(run('analytics', 'getMessaging', { start: isoDay(day0 - 366 * DAY_MS), end: isoDay(day0), granularity: 'DAY' }));
		expect(old).toBeInstanceOf(ValidationError);
		expect(old.message).toMatch(/^Invalid Start \(start\): must be within the last 365 days \(not before .+\), got /);
		const backwards = await failure(run('analytics', 'getMessaging', { start: isoDay(day0), end: isoDay(day0 - DAY_MS), granularity: 'DAY' }));
		expect(backwards.message).toMatch(/^Invalid End \(end\): must be after Start/);
		const bad = await failure(run('analytics', 'getMessaging', { start: 'last tuesday', end: isoDay(day0), granularity: 'DAY' }));
		expect(bad.message).toBe('Invalid Start (start): "last tuesday" is not a date: use 2026-11-01 or 2026-11-01T09:30:00Z');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('analytics: pricing and conversations', () => {
	it('reports volume and cost per pricing category', async () => {
		const points = await run('analytics', 'getPricing', { ...range(1), granularity: 'DAILY', dimensions: 'PRICING_CATEGORY' });
		expect(points).toEqual(
			expect.arrayContaining([
				{ start: isoDay(day0), end: isoDay(day0 + DAY_MS), pricing_category: 'SERVICE', volume: 3, cost: 0 },
				{ start: isoDay(day0), end: isoDay(day0 + DAY_MS), pricing_category: 'UTILITY', volume: 2, cost: 0.008 },
			]),
		);
		expect(points).toHaveLength(2);
	});

	it('reports legacy conversations: one per number, user and category', async () => {
		const points = await run('analytics', 'getConversation', { ...range(2), granularity: 'MONTHLY' });
		expect(points.reduce((sum: number, p: any) => sum + p.conversation, 0)).toBeGreaterThanOrEqual(3);
		expect(points.every((p: any) => typeof p.start === 'string' && p.start.endsWith('Z'))).toBe(true);
	});

	it('refuses a dimension the report does not have', async () => {
		const error = await failure(run('analytics', 'getPricing', { ...range(1), granularity: 'DAILY', dimensions: 'COLOR' }));
		expect(error.message).toBe('Invalid Dimensions (dimensions) (0): must be one of PRICING_CATEGORY, PRICING_TYPE, COUNTRY, PHONE, TIER');
	});
});

describe('analytics: template insights', () => {
	it('needs insights enabled (200007), then reports sends per template per day', async () => {
		const values = { ...range(2), templateIds: `${REMINDER_ID}, 594425479261599` };
		expect(await failure(run('analytics', 'getTemplate', values))).toMatchObject({ code: 200007 });
		expect(await run('analytics', 'enableTemplateInsights')).toEqual({ id: WABA_ID, templateInsightsEnabled: true });
		expect(emulator().state.insightsEnabled).toBe(true);
		const points = await run('analytics', 'getTemplate', values);
		const reminder = points.filter((p: any) => p.template_id === REMINDER_ID);
		expect(reminder).toEqual([
			{ start: isoDay(day0), end: isoDay(day0 + DAY_MS), template_id: REMINDER_ID, sent: 2, delivered: 2, read: 2, clicked: [], clicks: 0 },
			{ start: isoDay(day0 + DAY_MS), end: isoDay(day0 + 2 * DAY_MS), template_id: REMINDER_ID, sent: 1, delivered: 1, read: 1, clicked: [], clicks: 0 },
		]);
		expect(points.filter((p: any) => p.template_id === '594425479261599').map((p: any) => p.sent)).toEqual([0, 0]);
	});

	it('refuses more than 90 days back, and more than 10 templates, before any request', async () => {
		const old = await failure(run('analytics', 'getTemplate', { start: isoDay(day0 - 91 * DAY_MS), end: isoDay(day0), templateIds: REMINDER_ID }));
		expect(old.message).toMatch(/^Invalid Start \(start\): must be within the last 90 days/);
		const many = await failure(run('analytics', 'getTemplate', { ...range(1), templateIds: Array.from({ length: 11 }, (_, i) => 100 + i).join(',') }));
		expect(many.message).toBe('Invalid Template IDs (templateIds): must hold 1 to 10 template IDs, got 11');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});
