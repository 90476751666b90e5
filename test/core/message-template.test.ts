import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { templateFields } from '../../nodes/shared/catalog/message/support/templateValues';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { PHONE_NUMBER_ID, TO, TOKEN, failure, runner } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const seeded = (name: string) => [...emulator.state.templates.values()].find((t) => t.name === name)!;
const templateOf = () => emulator.state.messages[0].body.template as { components: unknown[] };

describe('template fields built from the template\'s components', () => {
	it('offers one field per placeholder, header media and button value', () => {
		expect(templateFields(seeded('order_update') as never).map((f) => f.id)).toEqual(['header.image', 'body.first_name', 'body.order_number', 'button.0.url']);
		expect(templateFields(seeded('appointment_reminder') as never).map((f) => [f.id, f.required])).toEqual([
			['header.1', true],
			['body.1', true],
			['body.2', true],
			['button.0.quick_reply', false],
			['button.1.quick_reply', false],
		]);
		expect(templateFields(seeded('login_code') as never).map((f) => f.id)).toEqual(['otp.0']);
		expect(templateFields(seeded('spring_sale') as never).map((f) => f.id)).toEqual(['body.1', 'button.0.copy_code']);
	});
});

describe('Send Template, accepted by the emulator', () => {
	it('named parameters with an image header and a URL button', async () => {
		await run('message', 'sendTemplate', {
			to: TO,
			template: 'order_update|en_US',
			templateParameters: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Pablo', 'body.order_number': '860198', 'button.0.url': 'ABC' },
		});
		expect(templateOf()).toEqual({
			name: 'order_update',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/box.jpg' } }] },
				{
					type: 'body',
					parameters: [
						{ type: 'text', text: 'Pablo', parameter_name: 'first_name' },
						{ type: 'text', text: '860198', parameter_name: 'order_number' },
					],
				},
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ABC' }] },
			],
		});
	});

	it('positional parameters in {{n}} order, with currency and date_time values and quick reply payloads', async () => {
		await run('message', 'sendTemplate', {
			to: TO,
			template: 'appointment_reminder',
			language: 'en_US',
			templateParameters: JSON.stringify({
				'body.2': { currency: { fallback_value: '$10.99', code: 'USD', amount_1000: 10990 } },
				'body.1': '{"date_time": {"fallback_value": "May 5"}}',
				'header.1': 'Jane',
				'button.1.quick_reply': 'RESCHEDULE',
			}),
		});
		expect(templateOf().components).toEqual([
			{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
			{
				type: 'body',
				parameters: [
					{ type: 'date_time', date_time: { fallback_value: 'May 5' } },
					{ type: 'currency', currency: { fallback_value: '$10.99', code: 'USD', amount_1000: 10990 } },
				],
			},
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE' }] },
		]);
	});

	it('an authentication template takes the one-time password in the body and the button', async () => {
		await run('message', 'sendTemplate', { to: TO, template: 'login_code|en_US', templateParameters: { 'otp.0': '482913' } });
		expect(templateOf().components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '482913' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
		]);
	});

	it('a marketing template with a coupon code goes through /marketing_messages', async () => {
		await run('message', 'sendMarketingTemplate', { to: TO, template: 'spring_sale|en_US', templateParameters: { 'body.1': 'tomorrow', 'button.0.copy_code': '25OFF' } });
		// The campaign guard reads the number's messaging limit first (kept ten minutes).
		expect(emulator.state.requests.find((r) => r.method === 'POST')!.path).toBe(`/v24.0/${PHONE_NUMBER_ID}/marketing_messages`);
		expect(templateOf().components).toContainEqual({ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] });
	});

	it('raw components JSON is sent as is', async () => {
		const components = [{ type: 'body', parameters: [{ type: 'text', text: 'tomorrow' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'X1' }] }];
		await run('message', 'sendTemplate', { to: TO, template: 'spring_sale', components: JSON.stringify(components) });
		expect(templateOf().components).toEqual(components);
	});

	it('a template that does not exist: Graph 132001 with what to do', async () => {
		const error = await failure(run('message', 'sendTemplate', { to: TO, template: 'no_such_template' }));
		expect(error).toBeInstanceOf(GraphApiError);
		expect((error as GraphApiError).code).toBe(132001);
		expect(error.message).toMatch(/template name or language does not exist/i);
	});
});

describe('template values refused before any request', () => {
	it.each([
		[{ 'header.1': 'x'.repeat(61) }, 'Template Parameters (templateParameters) (header.1)', 'at most 60 characters, got 61'],
		[{ 'body.1': 'x'.repeat(1025) }, '(body.1)', 'at most 1,024 characters, got 1,025'],
		[{ 'button.0.copy_code': 'C'.repeat(21) }, '(button.0.copy_code)', 'at most 20 characters, got 21'],
		[{ 'otp.0': '1'.repeat(16) }, '(otp.0)', 'at most 15 characters, got 16'],
		[{ 'body.2': { currency: { fallback_value: '$1', code: 'usd', amount_1000: 1.5 } } }, '(body.2)', 'ISO 4217'],
		[{ 'header.image': 'ftp://x' }, '(header.image)', 'http(s) link or a numeric media ID'],
		[{ 'body.First-Name': 'x' }, '(body.First-Name)', 'is not a template field'],
	])('%j', async (values, field, problem) => {
		const error = await failure(run('message', 'sendTemplate', { to: TO, template: 'appointment_reminder', templateParameters: values }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(field);
		expect(error.message).toContain(problem);
		expect(emulator.state.requests).toHaveLength(0);
	});
});
