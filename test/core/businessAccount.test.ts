import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { failure, graphCalls, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const BUSINESS_ID = '506914307656634';
const ADMIN = '100089620928913';
const BOT = '100089620928914';

describe('WhatsApp Business Account: get and get many', () => {
	it('gets the WABA with the documented default fields', async () => {
		expect(await run('businessAccount', 'get')).toEqual({
			id: WABA_ID,
			name: 'Flowpace Emulated WABA',
			currency: 'USD',
			timezone_id: '1',
			message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
			account_review_status: 'APPROVED',
			business_verification_status: 'verified',
			country: 'US',
			ownership_type: 'SELF',
			status: 'ACTIVE',
			marketing_messages_onboarding_status: 'ONBOARDED',
		});
	});

	it('gets the fields chosen, expansions included', async () => {
		const waba = await run('businessAccount', 'get', { fields: 'name, owner_business_info{name}, disable_marketing_messages_on_cloud_api' });
		expect(waba).toEqual({ id: WABA_ID, name: 'Flowpace Emulated WABA', owner_business_info: { name: 'Flowpace Emulated Business' }, disable_marketing_messages_on_cloud_api: false });
		expect(graphCalls(emulator())[0].query.fields).toBe('name,owner_business_info{name},disable_marketing_messages_on_cloud_api');
	});

	it('refuses a field that is not a field name before any request; Meta refuses an unknown one', async () => {
		const error = await failure(run('businessAccount', 'get', { fields: 'name,Owner-Info' }));
		expect(error.message).toBe('Invalid Fields (fields): "Owner-Info" is not a field name (lowercase letters, digits, _; optionally name{sub,fields})');
		expect(graphCalls(emulator())).toHaveLength(0);
		expect(await failure(run('businessAccount', 'get', { fields: 'no_such_field' }))).toMatchObject({ code: 100 });
	});

	it('lists the WABAs a portfolio owns, one item each, and its clients\' (none here)', async () => {
		expect(await run('businessAccount', 'getMany', { businessId: BUSINESS_ID, returnAll: true })).toEqual([expect.objectContaining({ id: WABA_ID, name: 'Flowpace Emulated WABA', currency: 'USD' })]);
		expect(graphCalls(emulator())[0].path).toBe(`/v24.0/${BUSINESS_ID}/owned_whatsapp_business_accounts`);
		expect(await run('businessAccount', 'getMany', { businessId: BUSINESS_ID, relation: 'client', returnAll: true })).toEqual([]);
	});
});

describe('WhatsApp Business Account: assigned users', () => {
	it('lists the users with their tasks, adds one with granular tasks, and removes it', async () => {
		expect(await run('businessAccount', 'getAssignedUsers', { businessId: BUSINESS_ID, returnAll: true })).toEqual([
			{ id: ADMIN, name: 'Flowpace Admin', user_type: 'SYSTEM_USER', tasks: ['MANAGE'], business: { id: BUSINESS_ID, name: 'Flowpace Emulated Business' } },
		]);
		expect(graphCalls(emulator())[0].query).toMatchObject({ business: BUSINESS_ID, limit: '100' });

		expect(await run('businessAccount', 'addAssignedUser', { userId: BOT, tasks: 'manage_templates, VIEW_INSIGHTS' })).toEqual({ success: true, userId: BOT, tasks: ['MANAGE_TEMPLATES', 'VIEW_INSIGHTS'] });
		expect(graphCalls(emulator()).at(-1)!.body).toEqual({ user: BOT, tasks: ['MANAGE_TEMPLATES', 'VIEW_INSIGHTS'] });
		expect(emulator().state.assignedUsers.get(BOT)).toEqual(['MANAGE_TEMPLATES', 'VIEW_INSIGHTS']);

		expect(await run('businessAccount', 'removeAssignedUser', { userId: BOT })).toEqual({ success: true, removed: true, userId: BOT });
		expect(graphCalls(emulator()).at(-1)).toMatchObject({ method: 'DELETE', query: { user: BOT } });
		expect(emulator().state.assignedUsers.has(BOT)).toBe(false);
	});

	it.each([
		['a task that does not exist', { userId: BOT, tasks: 'MANAGE, PUBLISH' }, 'Invalid Tasks (tasks): "PUBLISH" is not a task; the tasks are MANAGE, DEVELOP, MANAGE_TEMPLATES'],
		['no task', { userId: BOT, tasks: ' , ' }, 'Invalid Tasks (tasks): must name at least one task'],
		['a user ID that is not one', { userId: 'jane@example.com' }, 'Invalid User ID (userId): must be a numeric ID'],
	])('refuses %s before any request', async (_what, values, message) => {
		const error = await failure(run('businessAccount', 'addAssignedUser', values));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toContain(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});

	it('passes on Meta\'s refusal of a user outside the portfolio', async () => {
		expect(await failure(run('businessAccount', 'addAssignedUser', { userId: '999', tasks: 'DEVELOP' }))).toMatchObject({ code: 100 });
	});

	it('needs the Business portfolio ID to list', async () => {
		const error = await failure(run('businessAccount', 'getAssignedUsers', {}));
		expect(error.message).toBe('Invalid Business Portfolio ID (businessId): is required');
	});
});
