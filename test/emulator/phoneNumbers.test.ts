import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const post = (path: string, body?: object) => call(env.emulator, 'POST', `/v24.0/${PHONE_ID}${path}`, body);

describe('emulator: phone numbers', () => {
	it('lists the WABA\'s numbers with paging and selected fields', async () => {
		const { body } = await call(env.emulator, 'GET', '/v24.0/102290129340398/phone_numbers?fields=display_phone_number&limit=1');
		expect(body.data).toEqual([{ id: '106540352242923', display_phone_number: '15550783882' }]);
		expect(body.paging.next).toContain('after=');
	});

	it('answers an unknown number with 100, subcode 33', async () => {
		expect((await call(env.emulator, 'GET', '/v24.0/4242')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it.each([
		['/register', { messaging_product: 'whatsapp', pin: '12345' }],
		['/register', { pin: '123456' }],
		['/register', { messaging_product: 'whatsapp', pin: '123456', data_localization_region: 'US' }],
		['', { pin: 'abcdef' }],
		['', {}],
		['/request_code?code_method=FAX&language=en_US', undefined],
		['/request_code?code_method=SMS', undefined],
		['/verify_code', { code: '12' }],
	])('refuses POST %s %j with 100', async (path, body) => {
		const answer = await post(path, body);
		expect(answer.status).toBe(400);
		expect(answer.body.error.code).toBe(100);
	});

	it('refuses a verify before any code was requested (136025)', async () => {
		expect((await post('/verify_code', { code: '123456' })).body.error.code).toBe(136025);
	});

	it('counts register and deregister separately, 10 each per 72 hours (133016)', async () => {
		for (let i = 0; i < 10; i++) expect((await post('/deregister')).body).toEqual({ success: true });
		expect((await post('/register', { messaging_product: 'whatsapp', pin: '123456' })).body).toEqual({ success: true });
		expect((await post('/deregister')).body.error.code).toBe(133016);
		env.emulator.clock.advance(71 * 3600_000);
		expect((await post('/deregister')).body.error.code).toBe(133016);
		env.emulator.clock.advance(3600_000);
		expect((await post('/deregister')).body).toEqual({ success: true });
	});
});

describe('emulator: business profile', () => {
	const update = (body: object) => post('/whatsapp_business_profile', { messaging_product: 'whatsapp', ...body });

	it('answers {data: [profile]} with the requested fields', async () => {
		await update({ about: 'Plants', websites: ['https://a.example'] });
		const { body } = await call(env.emulator, 'GET', `/v24.0/${PHONE_ID}/whatsapp_business_profile?fields=about,websites`);
		expect(body).toEqual({ data: [{ about: 'Plants', websites: ['https://a.example'], messaging_product: 'whatsapp' }] });
	});

	it.each([
		[{ about: '' }],
		[{ about: 'a'.repeat(140) }],
		[{ address: 'a'.repeat(257) }],
		[{ description: 'a'.repeat(513) }],
		[{ email: 'a'.repeat(129) }],
		[{ websites: ['https://a', 'https://b', 'https://c'] }],
		[{ websites: ['a.example'] }],
		[{ vertical: 'PLANTS' }],
		[{ colour: 'green' }],
	])('refuses %j with 100', async (body) => {
		expect((await update(body)).body.error.code).toBe(100);
	});

	it('refuses an update without messaging_product', async () => {
		expect((await post('/whatsapp_business_profile', { about: 'x' })).body.error.code).toBe(100);
	});
});
