import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { registrationOf } from '../../emulator/routes/phoneNumbers';
import { failure, graphCalls, PHONE_NUMBER_ID, useManage } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const number = () => emulator().state.phoneNumbers.get(PHONE_NUMBER_ID)!;

describe('phone number: get and get many', () => {
	it('gets the number a user checks: display number, name, quality, throughput, limit, statuses', async () => {
		expect(await run('phoneNumber', 'get', {})).toEqual({
			id: PHONE_NUMBER_ID,
			display_phone_number: '15550783881',
			verified_name: 'Flowpace Demo',
			quality_rating: 'GREEN',
			throughput: { level: 'STANDARD' },
			whatsapp_business_manager_messaging_limit: 'TIER_2K',
			name_status: 'APPROVED',
			code_verification_status: 'VERIFIED',
			status: 'CONNECTED',
			platform_type: 'CLOUD_API',
			account_mode: 'LIVE',
		});
		expect(graphCalls(emulator())[0].path).toBe(`/v24.0/${PHONE_NUMBER_ID}`);
	});

	it('lists the numbers of the WABA, one record each, newest first', async () => {
		const all = await run('phoneNumber', 'getMany', { returnAll: true });
		expect(all.map((n: any) => n.display_phone_number)).toEqual(['15550783882', '15550783881']);
		expect(await run('phoneNumber', 'getMany', { limit: 1 })).toHaveLength(1);
	});

	it('reports an unknown number as Graph does (100, subcode 33)', async () => {
		expect(await failure(run('phoneNumber', 'get', { phoneNumberId: '999999' }))).toMatchObject({ code: 100, subcode: 33 });
	});

	it('refuses an ID that is not numeric before any request', async () => {
		const error = await failure(run('phoneNumber', 'get', { phoneNumberId: '+1 555 078' }));
		expect(error.message).toBe('Invalid Phone Number ID (phoneNumberId): must be a numeric ID');
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('phone number: verification, registration, PIN', () => {
	it('requests a code by voice and verifies it', async () => {
		number().code_verification_status = 'NOT_VERIFIED';
		expect(await run('phoneNumber', 'requestCode', { codeMethod: 'VOICE', language: 'de' })).toEqual({ success: true, codeRequested: true });
		expect(graphCalls(emulator())[0].query).toMatchObject({ code_method: 'VOICE', language: 'de' });
		const code = registrationOf(number()).pendingCode!;
		const wrong = code === '000000' ? '111111' : '000000';
		expect(await failure(run('phoneNumber', 'verifyCode', { code: wrong }))).toMatchObject({ code: 136025 });
		expect(await run('phoneNumber', 'verifyCode', { code })).toEqual({ success: true, verified: true });
		expect(number().code_verification_status).toBe('VERIFIED');
	});

	it('registers with a PIN and a data localization region, then deregisters', async () => {
		expect(await run('phoneNumber', 'register', { pin: '212834', dataLocalizationRegion: 'CH' })).toEqual({ success: true, registered: true });
		expect(graphCalls(emulator())[0].body).toEqual({ messaging_product: 'whatsapp', pin: '212834', data_localization_region: 'CH' });
		expect(await run('phoneNumber', 'deregister')).toEqual({ success: true, deregistered: true });
		expect(number().status).toBe('DISCONNECTED');
		expect(await failure(run('phoneNumber', 'register', { pin: '999999' }))).toMatchObject({ code: 133005 });
	});

	it('passes on the 10-per-72-hours registration limit (133016)', async () => {
		for (let i = 0; i < 10; i++) await run('phoneNumber', 'register', { pin: '212834' });
		const error = await failure(run('phoneNumber', 'register', { pin: '212834' }));
		expect(error).toMatchObject({ code: 133016 });
		emulator().clock.advance(72 * 3600_000);
		expect(await run('phoneNumber', 'register', { pin: '212834' })).toMatchObject({ registered: true });
	});

	it('sets the two-step PIN', async () => {
		expect(await run('phoneNumber', 'setPin', { pin: '150954' })).toEqual({ success: true, pinSet: true });
		expect(graphCalls(emulator())[0]).toMatchObject({ method: 'POST', path: `/v24.0/${PHONE_NUMBER_ID}`, body: { pin: '150954' } });
		expect(registrationOf(number()).pin).toBe('150954');
	});

	it.each([
		['register', { pin: '12345' }, 'Invalid PIN (pin): must be exactly 6 digits, e.g. 123456'],
		['register', { pin: '123456', dataLocalizationRegion: 'US' }, 'Invalid Data Localization Region (dataLocalizationRegion): must be one of AU, ID, IN'],
		['setPin', { pin: '12a456' }, 'Invalid PIN (pin): must be exactly 6 digits'],
		['verifyCode', { code: '1234567' }, 'Invalid Code (code): must be exactly 6 digits'],
		['requestCode', { codeMethod: 'EMAIL' }, 'Invalid Method (codeMethod): must be one of SMS, VOICE'],
	])('%s refuses %j before any request', async (operation, values, message) => {
		const error = await failure(run('phoneNumber', operation, values));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});
