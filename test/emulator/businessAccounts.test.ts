import { describe, expect, it } from 'vitest';
import { call, useEmulator } from './testClient';

const env = useEmulator();
const WABA = '/v24.0/102290129340398';
const BUSINESS = '506914307656634';

describe('emulator: GET /{waba-id} fields', () => {
	it('answers the WABA\'s own fields, expansions narrowed to their sub-fields, and refuses an unknown one', async () => {
		const { body } = await call(env.emulator, 'GET', `${WABA}?fields=name,ownership_type,owner_business_info{id}`);
		expect(body).toEqual({ id: '102290129340398', name: 'Flowpace Emulated WABA', ownership_type: 'SELF', owner_business_info: { id: BUSINESS } });
		expect((await call(env.emulator, 'GET', `${WABA}?fields=owner_business_info{nope}`)).body.error.code).toBe(100);
		expect((await call(env.emulator, 'GET', `${WABA}?fields=color`)).body.error.message).toContain('nonexisting field (color)');
	});
});

describe('emulator: /{business-id}/…_whatsapp_business_accounts', () => {
	it('lists the owned WABA with the fields asked, and no client WABA', async () => {
		expect((await call(env.emulator, 'GET', `/v24.0/${BUSINESS}/owned_whatsapp_business_accounts?fields=name,currency`)).body.data).toEqual([{ id: '102290129340398', name: 'Flowpace Emulated WABA', currency: 'USD' }]);
		expect((await call(env.emulator, 'GET', `/v24.0/${BUSINESS}/client_whatsapp_business_accounts`)).body.data).toEqual([]);
		expect((await call(env.emulator, 'GET', '/v24.0/777/owned_whatsapp_business_accounts')).body.error).toMatchObject({ code: 100, error_subcode: 33 });
	});
});

describe('emulator: /{waba-id}/assigned_users', () => {
	it('needs business (the portfolio ID, or the WABA ID as Meta\'s guide passes it) and pages by at most 100', async () => {
		expect((await call(env.emulator, 'GET', `${WABA}/assigned_users`)).body.error.error_data.details).toBe('Param business is required.');
		expect((await call(env.emulator, 'GET', `${WABA}/assigned_users?business=${BUSINESS}&fields=name,tasks`)).body.data).toEqual([{ id: '100089620928913', name: 'Flowpace Admin', tasks: ['MANAGE'] }]);
		expect((await call(env.emulator, 'GET', `${WABA}/assigned_users?business=102290129340398`)).status).toBe(200);
		expect((await call(env.emulator, 'GET', `${WABA}/assigned_users?business=${BUSINESS}&limit=101`)).body.error.code).toBe(100);
	});

	it('adds a user with tasks from a JSON body or the query, and removes every task of theirs', async () => {
		expect((await call(env.emulator, 'POST', `${WABA}/assigned_users`, { user: '100089620928915', tasks: ['VIEW_COST'] })).body).toEqual({ success: true });
		expect((await call(env.emulator, 'POST', `${WABA}/assigned_users?user=100089620928914&tasks=['DEVELOP','MESSAGING']`)).body).toEqual({ success: true });
		expect(env.emulator.state.assignedUsers.get('100089620928914')).toEqual(['DEVELOP', 'MESSAGING']);
		expect((await call(env.emulator, 'DELETE', `${WABA}/assigned_users?user=100089620928915`)).body).toEqual({ success: true });
		expect(env.emulator.state.assignedUsers.has('100089620928915')).toBe(false);
	});

	it.each([
		['an unknown task', { user: '100089620928914', tasks: ['MANAGE', 'FLY'] }, 'Param tasks[1] must be one of'],
		['no tasks', { user: '100089620928914', tasks: [] }, 'Param tasks must be a non-empty array'],
		['a user outside the portfolio', { user: '42', tasks: ['MANAGE'] }, 'is not a user of the business'],
	])('refuses %s', async (_what, body, details) => {
		expect((await call(env.emulator, 'POST', `${WABA}/assigned_users`, body)).body.error).toMatchObject({ code: 100, error_data: { details: expect.stringContaining(details) } });
	});

	it('refuses to remove a user who is not assigned', async () => {
		expect((await call(env.emulator, 'DELETE', `${WABA}/assigned_users?user=100089620928914`)).body.error.error_data.details).toContain('is not assigned');
	});
});
