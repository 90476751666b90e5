import { describe, expect, it } from 'vitest';
import { call, PHONE_ID, useEmulator } from './testClient';

const env = useEmulator();
const WABA = '/v24.0/102290129340398';
const LINKS = ['https://a.example.com', 'https://b.example.com', 'https://c.example.com', 'https://d.example.com', 'https://e.example.com'];
const number = () => env.emulator.state.phoneNumbers.get(PHONE_ID)!;

describe('emulator: POST /{waba-id}/phone_numbers', () => {
	it('adds a number from cc and the national number, or from cc and the full number as Meta\'s example sends it', async () => {
		const { body } = await call(env.emulator, 'POST', `${WABA}/phone_numbers`, { cc: '1', phone_number: '6315551000', verified_name: 'Lucky Shrub' });
		expect(body).toEqual({ id: expect.stringMatching(/^\d{15}$/) });
		expect(env.emulator.state.phoneNumbers.get(body.id)).toMatchObject({ display_phone_number: '16315551000', verified_name: 'Lucky Shrub', status: 'PENDING', code_verification_status: 'NOT_VERIFIED' });
		const again = await call(env.emulator, 'POST', `${WABA}/phone_numbers`, { cc: '1', phone_number: '16315551001', verified_name: 'Lucky Shrub Two' });
		expect(env.emulator.state.phoneNumbers.get(again.body.id)?.display_phone_number).toBe('16315551001');
	});

	it.each([
		['no verified_name', { cc: '1', phone_number: '6315551000' }, 'verified_name is required'],
		['a cc of 4 digits', { cc: '1234', phone_number: '6315551000', verified_name: 'X Y Z' }, 'Param cc'],
		['a number already on the platform', { cc: '1', phone_number: '5550783881', verified_name: 'X Y Z' }, 'already in a WhatsApp Business Account'],
	])('refuses %s', async (_what, body, details) => {
		expect((await call(env.emulator, 'POST', `${WABA}/phone_numbers`, body)).body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining(details) } });
	});
});

describe('emulator: display name change', () => {
	it('takes new_display_name on POST /{phone-number-id} and shows it under review', async () => {
		expect((await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}?new_display_name=Flowpace%20Garden`)).body).toEqual({ success: true });
		expect((await call(env.emulator, 'GET', `/v24.0/${PHONE_ID}?fields=new_display_name,new_name_status`)).body).toEqual({ id: PHONE_ID, new_display_name: 'Flowpace Garden', new_name_status: 'PENDING_REVIEW' });
	});

	it('refuses an 11th change within 30 days, and takes one again after', async () => {
		for (let i = 0; i < 10; i++) expect((await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}`, { new_display_name: `Name ${i}` })).status).toBe(200);
		expect((await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}`, { new_display_name: 'Name 11' })).body.error.code).toBe(100);
		env.emulator.clock.advance(30 * 86_400_000);
		expect((await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}`, { new_display_name: 'Name 11' })).status).toBe(200);
	});
});

describe('emulator: /{phone-number-id}/official_business_account', () => {
	it('takes an application with the schema\'s fields and reads back PENDING', async () => {
		const { body } = await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/official_business_account`, { business_website_url: 'https://flowpace.dev', primary_country_of_operation: 'US', supporting_links: LINKS });
		expect(body).toMatchObject({ success: true, updated_status: { id: PHONE_ID, oba_status: 'PENDING' }, tracking_id: expect.any(String) });
		expect((await call(env.emulator, 'GET', `/v24.0/${PHONE_ID}/official_business_account`)).body).toMatchObject({ oba_status: 'PENDING' });
		expect((await call(env.emulator, 'GET', `/v24.0/${PHONE_ID}?fields=official_business_account`)).body.official_business_account.oba_status).toBe('PENDING');
	});

	it.each([
		['no website', { primary_country_of_operation: 'US' }, 'business_website_url is required'],
		['4 links', { business_website_url: 'https://flowpace.dev', primary_country_of_operation: 'US', supporting_links: LINKS.slice(1) }, '5 to 10 links'],
	])('refuses %s', async (_what, body, details) => {
		expect((await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/official_business_account`, body)).body.error.error_data.details).toContain(details);
	});

	it('refuses a number whose display name is not approved', async () => {
		number().name_status = 'PENDING_REVIEW';
		const { body } = await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/official_business_account`, { business_website_url: 'https://flowpace.dev', primary_country_of_operation: 'US' });
		expect(body.error.error_data.details).toContain('approved display name');
	});
});
