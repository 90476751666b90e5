import { describe, expect, it } from 'vitest';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { failure, graphCalls, useManage } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const SPRING = '594425479261599';
const TO = '+16505551234';
const spring = { to: TO, template: 'spring_sale|en_US', templateParameters: { 'body.1': 'Monday', 'button.0.copy_code': 'SPRING' } };
const reminder = { to: TO, template: 'appointment_reminder|en_US', templateParameters: { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00' } };
const paths = () => graphCalls(emulator()).map((r) => `${r.method} ${r.path}`);

describe('Send Marketing Template: the Marketing Messages API\'s options', () => {
	it('sends message activity sharing and the product policy when chosen, neither by default', async () => {
		await run('message', 'sendMarketingTemplate', { ...spring, messageActivitySharing: 'off', productPolicy: 'STRICT' });
		expect(emulator().state.messages[0].body).toMatchObject({ message_activity_sharing: false, product_policy: 'STRICT' });
		await run('message', 'sendMarketingTemplate', spring);
		expect(emulator().state.messages[1].body).not.toHaveProperty('message_activity_sharing');
		expect(emulator().state.messages[1].body).not.toHaveProperty('product_policy');
	});

	it('falls back to a Cloud API template send when the API refuses the template (134100), and says so on the item', async () => {
		const result = await run('message', 'sendMarketingTemplate', { ...reminder, fallbackToCloudApi: true });
		expect(paths()).toEqual(['POST /v24.0/106540352242922/marketing_messages', 'POST /v24.0/106540352242922/messages']);
		expect(result).toMatchObject({ messageId: emulator().state.messages[0].id, fallback: { to: 'cloud_api', code: 134100, reason: expect.stringContaining('not MARKETING') } });
		expect(emulator().state.messages).toHaveLength(1);
	});

	it('falls back when the WABA is not onboarded and the send is strict (134102)', async () => {
		emulator().state.marketingOnboarding = 'ELIGIBLE';
		const result = await run('message', 'sendMarketingTemplate', { ...spring, productPolicy: 'STRICT', fallbackToCloudApi: true });
		expect(result.fallback).toMatchObject({ code: 134102 });
		expect(emulator().state.messages[0].marketing).toBeUndefined();
	});

	it('passes the refusal on without the option, and never falls back on other errors', async () => {
		expect(await failure(run('message', 'sendMarketingTemplate', reminder))).toMatchObject({ code: 134100 });
		emulator().faults.add({ kind: 'error', code: 131026, path: '/marketing_messages$' });
		const error = await failure(run('message', 'sendMarketingTemplate', { ...spring, fallbackToCloudApi: true }));
		expect(error).toBeInstanceOf(GraphApiError);
		expect(paths().filter((p) => p.endsWith('/messages'))).toHaveLength(0);
	});
});

describe('Analytics: Marketing Messages metrics and benchmarks', () => {
	it('reads the template\'s ad entity, then its Insights with the benchmarks, comparing the rates', async () => {
		for (let i = 0; i < 3; i++) await run('message', 'sendMarketingTemplate', spring);
		const before = graphCalls(emulator()).length;
		const result = await run('analytics', 'getMarketingBenchmarks', { templateId: SPRING, datePreset: 'last_7d' });
		expect(result).toEqual({
			templateId: SPRING,
			templateName: 'spring_sale',
			level: 'ad',
			entityId: `23${SPRING}`,
			readRate: '100.000000',
			readRateBenchmark: '61.5',
			readRateBelowBenchmark: false,
			clickRate: '0',
			clickRateBenchmark: '3.2',
			clickRateBelowBenchmark: true,
			dateStart: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
			dateStop: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
		});
		const [template, insights] = graphCalls(emulator()).slice(before);
		expect(template).toMatchObject({ path: `/v24.0/${SPRING}`, query: { fields: 'name,category,ad_id,ad_adset_id,ad_campaign_id' } });
		expect(insights).toMatchObject({ path: `/v24.0/23${SPRING}/insights`, query: { date_preset: 'last_7d' } });
	});

	it('reads delivery and conversion metrics for the period, or one item per day', async () => {
		await run('message', 'sendMarketingTemplate', spring);
		const [total] = await run('analytics', 'getMarketingMetrics', { templateId: SPRING, metrics: 'delivery' });
		expect(total).toMatchObject({ templateId: SPRING, entityId: `23${SPRING}`, marketing_messages_sent: '1', marketing_messages_delivered: '1', marketing_messages_spend: '0.03' });
		const daily = await run('analytics', 'getMarketingMetrics', { templateId: SPRING, level: 'campaign', datePreset: 'last_7d', metrics: 'website', daily: true });
		expect(daily).toHaveLength(8);
		expect(daily.at(-1)).toMatchObject({ level: 'campaign', marketing_messages_website_purchase: '0' });
		expect(graphCalls(emulator()).at(-1)!.query).toMatchObject({ time_increment: '1' });
	});

	it('says which templates have no ad entities: not MARKETING, or the WABA not onboarded', async () => {
		const error = await failure(run('analytics', 'getMarketingBenchmarks', { templateId: '594425479261597' }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain('template appointment_reminder (UTILITY) has no ad entities');
	});
});
