import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const SPRING = '594425479261599';
const send = (extra: object = {}) =>
	call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/marketing_messages`, {
		messaging_product: 'whatsapp',
		to: '+16505551234',
		type: 'template',
		template: { name: 'spring_sale', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Monday' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SPRING' }] }] },
		...extra,
	});

describe('emulator: Marketing Messages API sends', () => {
	it('takes product_policy, and refuses a STRICT send while the WABA is not onboarded (134102)', async () => {
		expect((await send({ product_policy: 'STRICT', message_activity_sharing: true })).status).toBe(200);
		expect((await send({ product_policy: 'SOMETIMES' })).body.error.code).toBe(100);
		env.emulator.state.marketingOnboarding = 'ELIGIBLE';
		expect((await send()).status).toBe(200);
		expect((await send({ product_policy: 'STRICT' })).body.error).toMatchObject({ code: 134102 });
	});
});

describe('emulator: ad entities and their Insights', () => {
	it('gives MARKETING templates their ad entities once onboarded, others none', async () => {
		expect((await call(env.emulator, 'GET', `/v24.0/${SPRING}?fields=ad_id,ad_adset_id,ad_campaign_id`)).body).toEqual({ id: SPRING, ad_id: `23${SPRING}`, ad_adset_id: '24102290129340398', ad_campaign_id: '25102290129340398' });
		expect((await call(env.emulator, 'GET', '/v24.0/594425479261597?fields=ad_id')).body).toEqual({ id: '594425479261597' });
		env.emulator.state.marketingOnboarding = 'ELIGIBLE';
		expect((await call(env.emulator, 'GET', `/v24.0/${SPRING}?fields=ad_id`)).body).toEqual({ id: SPRING });
	});

	it('reports the Marketing Messages sends of the template as strings, in total or by day', async () => {
		await send();
		await send();
		const total = await call(env.emulator, 'GET', `/v24.0/23${SPRING}/insights?fields=marketing_messages_sent,marketing_messages_read_rate_benchmark&date_preset=today`);
		expect(total.body.data).toEqual([{ marketing_messages_sent: '2', marketing_messages_read_rate_benchmark: '61.5', date_start: expect.any(String), date_stop: expect.any(String) }]);
		const daily = await call(env.emulator, 'GET', `/v24.0/25102290129340398/insights?fields=marketing_messages_delivered&date_preset=last_3d&time_increment=1`);
		expect(daily.body.data.map((d: any) => d.marketing_messages_delivered)).toEqual(['0', '0', '0', '2']);
	});

	it.each([
		['an unknown field', 'fields=marketing_messages_views', 'is not valid for fields param'],
		['an unknown date preset', 'fields=marketing_messages_sent&date_preset=last_2y', 'date_preset must be one of'],
	])('refuses %s', async (_what, query, details) => {
		expect((await call(env.emulator, 'GET', `/v24.0/23${SPRING}/insights?${query}`)).body.error.error_data.details).toContain(details);
	});
});
