import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { failure, graphCalls, PHONE_NUMBER_ID, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const number = () => emulator().state.phoneNumbers.get(PHONE_NUMBER_ID)!;
const LINKS = ['https://news.example.com/a', 'https://news.example.com/b', 'https://press.example.org/c', 'https://mag.example.net/d', 'https://blog.example.com/e'];

describe('phone number: add', () => {
	it('adds a number with its country code, national number and display name; the new number then reads as pending', async () => {
		const added = await run('phoneNumber', 'add', { countryCode: '+1', phoneNumber: '(631) 555-1000', verifiedName: 'Lucky Shrub' });
		expect(added).toEqual({ id: expect.stringMatching(/^\d{15}$/), displayPhoneNumber: '+16315551000', verifiedName: 'Lucky Shrub' });
		expect(graphCalls(emulator())[0]).toMatchObject({ method: 'POST', path: `/v24.0/${WABA_ID}/phone_numbers`, body: { cc: '1', phone_number: '6315551000', verified_name: 'Lucky Shrub' } });
		expect(await run('phoneNumber', 'getStatus', { phoneNumberId: added.id })).toMatchObject({ status: 'PENDING', code_verification_status: 'NOT_VERIFIED', name_status: 'PENDING_REVIEW' });
	});

	it('passes on Meta\'s refusal of a number the platform already has', async () => {
		expect(await failure(run('phoneNumber', 'add', { countryCode: '1', phoneNumber: '5550783881', verifiedName: 'Flowpace Again' }))).toMatchObject({ code: 100 });
	});

	it.each([
		['a display name with "WhatsApp"', { verifiedName: 'Lucky Whats App Shop' }, 'Invalid Display Name (verifiedName): may not contain "WhatsApp" in any form'],
		['a display name of 2 characters', { verifiedName: 'LS' }, 'Invalid Display Name (verifiedName): must have at least 3 characters (Meta\'s display name rules), got 2'],
		['a display name with emoji', { verifiedName: 'Lucky Shrub 🌵' }, 'may not contain emoji'],
		['a display name with two spaces in a row', { verifiedName: 'Lucky  Shrub' }, 'may not contain two spaces in a row'],
		['a country code of 4 digits', { countryCode: '1234' }, 'Invalid Country Code (countryCode): must be a country calling code: 1 to 3 digits'],
		['a number over 15 digits with its country code', { countryCode: '49', phoneNumber: '1512345678901234' }, 'Invalid Phone Number (phoneNumber): must be the national number: 4 to 14 digits'],
		['a number of 16 digits with its country code', { countryCode: '493', phoneNumber: '1512345678901' }, 'with the country code it has 16 digits; an international number has at most 15'],
	])('refuses %s before any request', async (_what, values, message) => {
		const error = await failure(run('phoneNumber', 'add', { countryCode: '1', phoneNumber: '6315551000', verifiedName: 'Lucky Shrub', ...values }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('phone number: display name', () => {
	it('requests a change and reads its review', async () => {
		expect(await run('phoneNumber', 'requestDisplayNameChange', { newDisplayName: 'Flowpace Garden' })).toEqual({ success: true, requested: 'Flowpace Garden' });
		expect(graphCalls(emulator())[0]).toMatchObject({ method: 'POST', path: `/v24.0/${PHONE_NUMBER_ID}`, query: { new_display_name: 'Flowpace Garden' } });
		expect(await run('phoneNumber', 'getDisplayNameStatus')).toEqual({
			id: PHONE_NUMBER_ID,
			verified_name: 'Flowpace Demo',
			name_status: 'APPROVED',
			new_display_name: 'Flowpace Garden',
			new_name_status: 'PENDING_REVIEW',
		});
	});

	it('passes on the limit of 10 changes per 30 days', async () => {
		for (let i = 0; i < 10; i++) await run('phoneNumber', 'requestDisplayNameChange', { newDisplayName: `Flowpace ${i}th` });
		expect(await failure(run('phoneNumber', 'requestDisplayNameChange', { newDisplayName: 'Flowpace Eleven' }))).toMatchObject({ code: 100 });
	});

	it('refuses a name that breaks Meta\'s rules before any request', async () => {
		const error = await failure(run('phoneNumber', 'requestDisplayNameChange', { newDisplayName: 'WHATSAPP Deals' }));
		expect(error.message).toBe('Invalid New Display Name (newDisplayName): may not contain "WhatsApp" in any form (Meta\'s display name rules)');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('phone number: status and Official Business Account', () => {
	it('reads the current status with its OBA status and health', async () => {
		expect(await run('phoneNumber', 'getStatus')).toEqual({
			id: PHONE_NUMBER_ID,
			status: 'CONNECTED',
			code_verification_status: 'VERIFIED',
			name_status: 'APPROVED',
			quality_rating: 'GREEN',
			health_status: { can_send_message: 'AVAILABLE' },
			whatsapp_business_manager_messaging_limit: 'TIER_2K',
			is_official_business_account: false,
			official_business_account: { oba_status: 'NOT_STARTED' },
		});
	});

	it('requests OBA status with its supporting links; the status becomes PENDING', async () => {
		const answer = await run('phoneNumber', 'requestOfficialBusinessAccount', { businessWebsiteUrl: 'https://www.flowpace.dev', primaryCountryOfOperation: 'de', supportingLinks: LINKS.join('\n'), primaryLanguage: 'German' });
		expect(answer).toMatchObject({ success: true, updated_status: { oba_status: 'PENDING' }, tracking_id: expect.any(String) });
		expect(graphCalls(emulator())[0].body).toEqual({ business_website_url: 'https://www.flowpace.dev', primary_country_of_operation: 'DE', primary_language: 'German', supporting_links: LINKS });
		expect(number().official_business_account.oba_status).toBe('PENDING');
	});

	it.each([
		['4 supporting links', { supportingLinks: LINKS.slice(0, 4).join(',') }, 'Invalid Supporting Links (supportingLinks): must have at least 5 links, got 4'],
		['a country name', { primaryCountryOfOperation: 'Germany' }, 'must be a two-letter ISO 3166 country code'],
		['no website', { businessWebsiteUrl: '' }, 'Invalid Business Website URL (businessWebsiteUrl): is required'],
	])('refuses %s before any request', async (_what, values, message) => {
		const error = await failure(run('phoneNumber', 'requestOfficialBusinessAccount', { businessWebsiteUrl: 'https://www.flowpace.dev', primaryCountryOfOperation: 'US', ...values }));
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});
