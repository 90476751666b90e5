import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const WABA = '/v24.0/102290129340398';
const now = () => Math.floor(env.emulator.clock.now() / 1000);
const fields = (value: string) => call(env.emulator, 'GET', `${WABA}?fields=${encodeURIComponent(value)}`);
const sendText = () => call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'hi' } });

describe('emulator: GET /{waba-id}?fields=analytics…', () => {
	it('buckets the messages it accepted by half hour, with product type and phone filters', async () => {
		await sendText();
		await sendText();
		const start = now() - (now() % 1800);
		const { body } = await fields(`analytics.start(${start}).end(${start + 3600}).granularity(HALF_HOUR).phone_numbers(["15550783881"]).product_types([2])`);
		expect(body.id).toBe('102290129340398');
		expect(body.analytics).toEqual({
			phone_numbers: ['15550783881'],
			granularity: 'HALF_HOUR',
			data_points: [
				{ start, end: start + 1800, sent: 2, delivered: 2 },
				{ start: start + 1800, end: start + 3600, sent: 0, delivered: 0 },
			],
		});
		const templatesOnly = await fields(`analytics.start(${start}).end(${start + 1800}).granularity(HALF_HOUR).product_types([0])`);
		expect(templatesOnly.body.analytics.data_points[0].sent).toBe(0);
	});

	it('counts a failed message (a scripted failed status) as sent but not delivered', async () => {
		env.emulator.webhooks.failNextSendTo('16505551234');
		await sendText();
		await sendText();
		expect(env.emulator.state.messages.map((m) => m.failed === true)).toEqual([true, false]);
		const start = now() - (now() % 1800);
		const { body } = await fields(`analytics.start(${start}).end(${start + 1800}).granularity(HALF_HOUR)`);
		expect(body.analytics.data_points).toEqual([{ start, end: start + 1800, sent: 2, delivered: 1 }]);
	});

	it('answers several fields at once, with WABA info', async () => {
		const { body } = await fields(`id,currency,is_enabled_for_insights,analytics.start(${now() - 60}).end(${now()}).granularity(DAY)`);
		expect(body).toMatchObject({ id: '102290129340398', currency: 'USD', is_enabled_for_insights: false, analytics: { granularity: 'DAY' } });
	});

	it.each([
		['a missing start', `analytics.end(1).granularity(DAY)`],
		['a granularity of another report', `analytics.start(${Math.floor(Date.now() / 1000) - 60}).end(${Math.floor(Date.now() / 1000)}).granularity(DAILY)`],
		['a start over a year back', `analytics.start(${Math.floor(Date.now() / 1000) - 367 * 86400}).end(${Math.floor(Date.now() / 1000)}).granularity(DAY)`],
		['an end before the start', `pricing_analytics.start(${Math.floor(Date.now() / 1000)}).end(${Math.floor(Date.now() / 1000) - 60}).granularity(DAILY)`],
		['an unsupported filter', `analytics.start(${Math.floor(Date.now() / 1000) - 60}).end(${Math.floor(Date.now() / 1000)}).granularity(DAY).colour(red)`],
		['a syntax error', 'analytics.start(1'],
		['an unknown field', 'favourite_colour'],
	])('refuses %s with 100', async (_what, value) => {
		expect((await fields(value)).body.error.code).toBe(100);
	});

	it('template analytics: 200007 until enabled, once enabled it cannot be disabled (200006)', async () => {
		const query = `template_analytics.start(${now() - 86400}).end(${now()}).granularity(DAILY).template_ids([594425479261597])`;
		expect((await fields(query)).body.error.code).toBe(200007);
		expect((await call(env.emulator, 'POST', `${WABA}?is_enabled_for_insights=true`)).body).toEqual({ id: '102290129340398' });
		expect((await call(env.emulator, 'POST', `${WABA}?is_enabled_for_insights=false`)).body.error.code).toBe(200006);
		const { body } = await fields(query);
		expect(body.template_analytics.data[0]).toMatchObject({ granularity: 'DAILY', product_type: 'cloud_api' });
		expect(body.template_analytics.data[0].data_points[0]).toMatchObject({ template_id: '594425479261597', sent: 0, delivered: 0, read: 0, clicked: [] });
		const ids = Array.from({ length: 11 }, () => '594425479261597').join(',');
		expect((await fields(`template_analytics.start(${now() - 86400}).end(${now()}).granularity(DAILY).template_ids([${ids}])`)).body.error.code).toBe(100);
		expect((await fields(`template_analytics.start(${now() - 91 * 86400}).end(${now()}).granularity(DAILY).template_ids([594425479261597])`)).body.error.code).toBe(100);
	});
});
