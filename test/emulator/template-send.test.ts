import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const post = (path: string, payload: object) => call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/${path}`, payload);
const template = (name: string, components: object[] = [], language: object = { code: 'en_US' }) => ({
	messaging_product: 'whatsapp',
	to: '+16505551234',
	type: 'template',
	template: { name, language, components },
});
const text = (value: string, extra: object = {}) => ({ type: 'text', text: value, ...extra });
const body = (...parameters: object[]) => ({ type: 'body', parameters });
const header = (...parameters: object[]) => ({ type: 'header', parameters });
const buttonParam = (sub_type: string, index: string | number, ...parameters: object[]) => ({ type: 'button', sub_type, index, parameters });

const orderUpdate = (overrides: { header?: object; body?: object; button?: object } = {}) =>
	template('order_update', [
		overrides.header ?? header({ type: 'image', image: { link: 'https://example.com/box.jpg' } }),
		overrides.body ?? body(text('Pablo', { parameter_name: 'first_name' }), text('860198', { parameter_name: 'order_number' })),
		overrides.button ?? buttonParam('url', '0', text('ABC')),
	]);
const reminder = (...components: object[]) => template('appointment_reminder', components);
const reminderOk = [header(text('Jane')), body(text('May 5'), text('10:00'))];
const login = (code: string, buttonCode = code) => template('login_code', [body(text(code)), buttonParam('url', 0, text(buttonCode))]);
const sale = (coupon: string) => template('spring_sale', [body(text('tomorrow')), buttonParam('copy_code', 0, { type: 'coupon_code', coupon_code: coupon })]);

describe('emulator: template sends that fit the stored template are accepted', () => {
	it.each([
		['a named template with image header and URL button', orderUpdate()],
		['named parameters in another order', orderUpdate({ body: body(text('860198', { parameter_name: 'order_number' }), text('Pablo', { parameter_name: 'first_name' })) })],
		['a positional template with text header', reminder(...reminderOk)],
		['quick-reply payloads with numeric index', reminder(...reminderOk, buttonParam('quick_reply', 0, { type: 'payload', payload: 'OK' }), buttonParam('quick_reply', 1, { type: 'payload', payload: 'LATER' }))],
		['currency and date_time parameters', reminder(header(text('Jane')), body({ type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } }))],
		['an authentication code of 15', login('1'.repeat(15))],
		['a copy code of 20', sale('C'.repeat(20))],
		['a body value with 4 consecutive spaces', reminder(header(text('Jane')), body(text('May    5'), text('10:00')))],
		['the deterministic language policy', template('spring_sale', sale('X').template.components, { code: 'en_US', policy: 'deterministic' })],
	])('accepts %s', async (_name, payload) => {
		const { status, body } = await post('messages', payload);
		expect(body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
		expect(status).toBe(200);
		expect(env.emulator.state.messages).toMatchObject([{ type: 'template', body: payload }]);
	});
});

describe('emulator: template sends are refused as Meta refuses them', () => {
	it.each([
		['an unknown name', template('no_such', []), 132001, 404, 'no_such'],
		['an unknown language', template('spring_sale', sale('X').template.components, { code: 'de' }), 132001, 404, 'does not exist in de'],
		['a template still pending', template('welcome_pending'), 132001, 404, 'not approved'],
		['a missing language', { ...template('spring_sale'), template: { name: 'spring_sale' } }, 131008, 400, 'template.language'],
		['too few body parameters', reminder(header(text('Jane')), body(text('May 5'))), 132000, 400, 'localizable_params (1)'],
		['too many body parameters', reminder(header(text('Jane')), body(text('a'), text('b'), text('c'))), 132000, 400, 'expected number of params (2)'],
		['a missing header parameter', reminder(body(text('May 5'), text('10:00'))), 132000, 400, 'header'],
		['a header text of 61', reminder(header(text('h'.repeat(61))), body(text('a'), text('b'))), 100, 400, 'at most 60'],
		['a video where the template has an image header', orderUpdate({ header: header({ type: 'video', video: { id: '1' } }) }), 132012, 400, 'IMAGE'],
		['a header image with id and link', orderUpdate({ header: header({ type: 'image', image: { id: '1', link: 'https://e.com/a.jpg' } }) }), 131009, 400, 'only one of'],
		['named parameters without parameter_name', orderUpdate({ body: body(text('Pablo'), text('860198')) }), 132012, 400, 'parameter_name is required'],
		['an unknown parameter name', orderUpdate({ body: body(text('Pablo', { parameter_name: 'first_name' }), text('1', { parameter_name: 'order_id' })) }), 132000, 400, 'order_id'],
		['a missing URL button value', template('order_update', [orderUpdate().template.components[0], orderUpdate().template.components[1]]), 132000, 400, 'button 0'],
		['a button index the template lacks', orderUpdate({ button: buttonParam('url', '3', text('x')) }), 131009, 400, 'index 3'],
		['the wrong button sub_type', orderUpdate({ button: buttonParam('quick_reply', '0', { type: 'payload', payload: 'x' }) }), 131009, 400, 'must be url'],
		['a copy code of 21', sale('C'.repeat(21)), 100, 400, 'at most 20'],
		['a copy code given as text', template('spring_sale', [body(text('tomorrow')), buttonParam('copy_code', 0, text('X'))]), 100, 400, 'coupon_code'],
		['an authentication code of 16', login('1'.repeat(16)), 100, 400, 'at most 15'],
		['an authentication button code of 16', login('123456', '1'.repeat(16)), 100, 400, 'at most 15'],
		['an authentication send without the button', template('login_code', [body(text('123456'))]), 132000, 400, 'button 0'],
		['a currency without code', reminder(header(text('J')), body({ type: 'currency', currency: { fallback_value: '$1', amount_1000: 1000 } }, text('b'))), 131008, 400, 'currency.code'],
		['a currency amount that is no integer', reminder(header(text('J')), body({ type: 'currency', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1.5 } }, text('b'))), 100, 400, 'amount_1000 must be an integer'],
		['a body value with a new line', reminder(header(text('J')), body(text('May\n5'), text('b'))), 132018, 400, 'new-line/tab'],
		['a body value with a tab', reminder(header(text('J')), body(text('May\t5'), text('b'))), 132018, 400, 'new-line/tab'],
		['a body value with 5 consecutive spaces', reminder(header(text('J')), body(text('May     5'), text('b'))), 132018, 400, 'more than 4 consecutive spaces'],
		['a date_time without fallback', reminder(header(text('J')), body({ type: 'date_time', date_time: {} }, text('b'))), 131008, 400, 'fallback_value'],
	])('refuses %s', async (_name, payload, code, httpStatus, details) => {
		const { status, body } = await post('messages', payload);
		expect(body.error).toMatchObject({ code, message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)) });
		expect(body.error.error_data.details).toContain(details);
		expect(status).toBe(httpStatus);
		expect(env.emulator.state.messages).toHaveLength(0);
	});

	it.each([
		['PAUSED', 132015],
		['DISABLED', 132016],
		['REJECTED', 132001],
	])('refuses a template that is %s with %i', async (status, code) => {
		const stored = [...env.emulator.state.templates.values()].find((t) => t.name === 'spring_sale')!;
		stored.status = status;
		const answer = await post('messages', sale('X'));
		expect(answer.body.error.code).toBe(code);
		expect(env.emulator.state.messages).toHaveLength(0);
	});
});

describe('emulator: named header parameters', () => {
	const addNamedHeaderTemplate = () =>
		env.emulator.state.templates.set('700', {
			id: '700',
			name: 'sale_named',
			language: 'en',
			category: 'MARKETING',
			status: 'APPROVED',
			parameter_format: 'NAMED',
			created_at: 0,
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Our {{sale}} is on!' },
				{ type: 'BODY', text: 'Hi {{first_name}}' },
			],
		});
	const send = (headerParam: object) =>
		post('messages', template('sale_named', [header(headerParam), body(text('Pablo', { parameter_name: 'first_name' }))], { code: 'en' }));

	it('accepts the header value by name', async () => {
		addNamedHeaderTemplate();
		expect((await send(text('Spring Sale', { parameter_name: 'sale' }))).status).toBe(200);
	});

	it.each([
		['without parameter_name', text('Spring Sale'), 132012],
		['with another name', text('Spring Sale', { parameter_name: 'first_name' }), 132000],
	])('refuses the header value %s', async (_name, param, code) => {
		addNamedHeaderTemplate();
		const { body: answer } = await send(param);
		expect(answer.error.code).toBe(code);
		expect(answer.error.error_data.details).toMatch(/^header: /);
		expect(env.emulator.state.messages).toHaveLength(0);
	});
});

describe('emulator: POST /{phone-number-id}/marketing_messages', () => {
	it('accepts a marketing template with message_activity_sharing', async () => {
		const { status, body } = await post('marketing_messages', { ...sale('SPRING25'), message_activity_sharing: true });
		expect(status).toBe(200);
		expect(body.messages[0].id).toMatch(/^wamid\./);
		expect(env.emulator.state.messages).toMatchObject([{ type: 'template', body: { template: { name: 'spring_sale' } } }]);
	});

	it.each([
		['a utility template', orderUpdate(), 134100, 'UTILITY'],
		['an authentication template', login('123456'), 134100, 'AUTHENTICATION'],
		['a text message', { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hi' } }, 100, 'Message must be a template message.'],
		['a non-boolean message_activity_sharing', { ...sale('X'), message_activity_sharing: 'yes' }, 100, 'message_activity_sharing'],
		['a marketing template with too few parameters', template('spring_sale', [body()]), 132000, 'body'],
	])('refuses %s', async (_name, payload, code, details) => {
		const { status, body } = await post('marketing_messages', payload);
		expect([status, body.error.code]).toEqual([400, code]);
		expect(body.error.error_data.details).toContain(details);
		expect(env.emulator.state.messages).toHaveLength(0);
	});
});
