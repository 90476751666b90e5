import { describe, expect, it } from 'vitest';
import { findOperation } from '../../nodes/shared/catalog';
import { jpegSize } from '../../nodes/shared/catalog/group/support/picture';
import type { FileData } from '../../nodes/shared/catalog/support/files';
import { GraphClient } from '../../nodes/shared/graph/client';
import { errorCodeInfo } from '../../nodes/shared/graph/errorCodes';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { runOperation } from '../../nodes/shared/run';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { control, jpegOf, useWebhookCapture } from '../emulator/groupFixtures';
import { TOKEN } from '../emulator/testClient';
import { accountFor, failure, graphCalls, PHONE_NUMBER_ID, useManage } from './manage.helpers';

const { handle, run } = useManage();
const hooks = useWebhookCapture(handle);
const USER = '16505551234';

/** Runs an operation with the flow's files, as the hosts hand them over (n8n binary data, a Node-RED Buffer). */
function runWithFiles(operation: string, values: Record<string, unknown>, files: Record<string, FileData>) {
	const account = accountFor(handle.emulator);
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	const source = { read: async (reference: string) => files[reference] };
	return runOperation(findOperation('group', operation)!, values, { client, account, files: source }) as Promise<any>;
}

/** Creates a group through the catalog and returns its id from the group_create webhook. */
async function newGroup(values: Record<string, unknown> = {}): Promise<string> {
	const { requestId } = await run('group', 'create', { subject: 'Order 4711', ...values });
	const created = (await hooks.groupEvents()).find((e) => e.type === 'group_create' && e.request_id === requestId);
	return created!.group_id;
}

const lastCall = () => graphCalls(handle.emulator).at(-1)!;

/** Asserts a ValidationError naming the field and problem, and that the emulator saw no request. */
async function refused(promise: Promise<unknown>, message: string) {
	const before = graphCalls(handle.emulator).length;
	const error = await failure(promise);
	expect(error).toBeInstanceOf(ValidationError);
	expect(error.message).toBe(message);
	expect(graphCalls(handle.emulator)).toHaveLength(before);
}

describe('Group > Create', () => {
	it('sends subject, description and join mode; the lifecycle webhook carries the output\'s request ID', async () => {
		const output = await run('group', 'create', { subject: '  Order 4711  ', description: 'Support', joinApprovalMode: 'approval_required' });
		expect(lastCall()).toMatchObject({
			method: 'POST',
			path: `/v24.0/${PHONE_NUMBER_ID}/groups`,
			body: { messaging_product: 'whatsapp', subject: 'Order 4711', description: 'Support', join_approval_mode: 'approval_required' },
		});
		expect(output).toEqual({ requestId: expect.any(String), messaging_product: 'whatsapp', request_id: output.requestId });
		const [created] = await hooks.groupEvents();
		expect(created).toMatchObject({ field: 'group_lifecycle_update', type: 'group_create', request_id: output.requestId, invite_link: expect.stringContaining('chat.whatsapp.com') });
		expect(handle.emulator.state.groups.groups.get(created.group_id)?.join_approval_mode).toBe('approval_required');
	});

	it.each([
		[{ subject: 's'.repeat(129) }, 'Invalid Subject (subject): must be at most 128 characters, got 129'],
		[{ subject: '   ' }, 'Invalid Subject (subject): must not be empty'],
		[{}, 'Invalid Subject (subject): is required'],
		[{ subject: 'A', description: 'd'.repeat(2049) }, 'Invalid Description (description): must be at most 2,048 characters, got 2,049'],
		[{ subject: 'A', joinApprovalMode: 'open' }, 'Invalid Join Approval Mode (joinApprovalMode): must be auto_approve or approval_required'],
	])('refuses %j before any request', async (values, message) => {
		await refused(run('group', 'create', values), message);
	});
});

describe('Group > Get Many, Get, Delete', () => {
	it('lists one item per group, a page of Limit or every page', async () => {
		for (const subject of ['A', 'B', 'C']) await newGroup({ subject });
		const two = await run('group', 'getMany', { limit: 2 });
		expect(two.map((g: any) => g.subject)).toEqual(['A', 'B']);
		expect(lastCall().query).toEqual({ limit: '2' });
		const all = await run('group', 'getMany', { returnAll: true });
		expect(all).toEqual([
			{ id: expect.any(String), subject: 'A', created_at: expect.any(Number) },
			{ id: expect.any(String), subject: 'B', created_at: expect.any(Number) },
			{ id: expect.any(String), subject: 'C', created_at: expect.any(Number) },
		]);
		expect(lastCall().query).toEqual({ limit: '1024' });
	});

	it('refuses a limit over 1,024 or under 1', async () => {
		await refused(run('group', 'getMany', { limit: 1025 }), 'Invalid Limit (limit): must be at most 1,024');
		await refused(run('group', 'getMany', { limit: 0 }), 'Invalid Limit (limit): must be at least 1');
	});

	it('gets a group with its fields; an unknown group is WhatsApp error 131041 with a hint', async () => {
		const id = await newGroup({ description: 'D' });
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		const group = await run('group', 'get', { groupId: id });
		expect(lastCall().query.fields).toBe('subject,description,participants,join_approval_mode,suspended,creation_timestamp,total_participant_count');
		expect(group).toMatchObject({ id, subject: 'Order 4711', description: 'D', participants: [{ wa_id: USER }], total_participant_count: 1, suspended: false });
		const error = await failure(run('group', 'get', { groupId: 'Y2FwaV9ncm91cDpub25l' }));
		expect(error).toBeInstanceOf(GraphApiError);
		expect(error.code).toBe(131041);
		expect(error.message).toContain('WhatsApp error 131041: Group not found.');
	});

	it.each([['12 34'], ['a/b?c'], ['short']])('refuses the group ID %s naming the format', async (groupId) => {
		const error = await failure(run('group', 'get', { groupId }));
		expect(error.message).toMatch(/^Invalid Group ID \(groupId\): must be a group ID: letters, digits and \+ \/ = _ -/);
		expect(graphCalls(handle.emulator)).toHaveLength(0);
	});

	it('deletes a group: success, the group ID and the request ID of the group_delete webhook', async () => {
		const id = await newGroup();
		const output = await run('group', 'delete', { groupId: id });
		expect(lastCall()).toMatchObject({ method: 'DELETE', path: `/v24.0/${id}` });
		expect(output).toMatchObject({ success: true, groupId: id, requestId: expect.any(String) });
		expect((await hooks.groupEvents()).find((e) => e.type === 'group_delete')?.request_id).toBe(output.requestId);
		// Meta's reference answers {success: true} without a request ID: the output still says it worked.
		expect(findOperation('group', 'delete')!.output!({ success: true }, { groupId: id })).toEqual({ success: true, groupId: id });
	});
});

describe('Group > Update', () => {
	it('sends subject and description as JSON and returns the request ID', async () => {
		const id = await newGroup();
		const output = await run('group', 'update', { groupId: id, subject: 'Renamed', description: 'New' });
		expect(lastCall().body).toEqual({ messaging_product: 'whatsapp', subject: 'Renamed', description: 'New' });
		expect(output.requestId).toEqual(expect.any(String));
		expect((await hooks.groupEvents()).find((e) => e.type === 'group_settings_update')).toMatchObject({ request_id: output.requestId, group_subject: { text: 'Renamed', update_successful: true } });
	});

	it('uploads a picture from the flow as multipart profile_picture_file', async () => {
		const id = await newGroup();
		const output = await runWithFiles('update', { groupId: id, subject: 'With picture', picture: 'photo' }, { photo: { data: jpegOf(400, 400), mimeType: 'image/jpeg', fileName: 'p.jpg' } });
		expect(output.requestId).toEqual(expect.any(String));
		expect(String(lastCall().headers['content-type'])).toMatch(/^multipart\/form-data/);
		expect(handle.emulator.state.groups.groups.get(id)).toMatchObject({ subject: 'With picture', picture: { bytes: jpegOf(400, 400).length } });
	});

	it.each([
		[jpegOf(400, 300), 'must be square, got 400 × 300 px'],
		[jpegOf(191, 191), 'must be at least 192 × 192 px, got 191 × 191 px'],
		[Buffer.from('\x89PNG\r\n\x1a\n'), 'must be a JPEG image (image/jpeg is the only format groups take)'],
		[jpegOf(400, 400, 5 * 1024 * 1024 + 1), 'must be at most 5 MB (5,242,880 bytes), got 5,242,881 bytes'],
	])('refuses a picture before any request: %#', async (data, problem) => {
		await refused(runWithFiles('update', { groupId: 'Y2FwaV9ncm91cDox', picture: 'photo' }, { photo: { data, mimeType: 'image/jpeg' } }), `Invalid Picture Binary Field (picture): ${problem}`);
	});

	it('needs at least one field', async () => {
		await refused(run('group', 'update', { groupId: 'Y2FwaV9ncm91cDox' }), 'Invalid Group update: needs at least one of Subject, Description or Picture Binary Field');
	});

	it('reads JPEG sizes behind other segments', () => {
		const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
		const jpeg = jpegOf(300, 200);
		expect(jpegSize(Uint8Array.from([0xff, 0xd8, ...app0, ...jpeg.subarray(2)]))).toEqual({ width: 300, height: 200 });
	});
});

describe('Group > invite links and participants', () => {
	it('gets and resets the invite link', async () => {
		const id = await newGroup();
		const link = await run('group', 'getInviteLink', { groupId: id });
		expect(link.inviteLink).toMatch(/^https:\/\/chat\.whatsapp\.com\//);
		const reset = await run('group', 'resetInviteLink', { groupId: id });
		expect(lastCall()).toMatchObject({ method: 'POST', path: `/v24.0/${id}/invite_link`, body: { messaging_product: 'whatsapp' } });
		expect(reset.inviteLink).not.toBe(link.inviteLink);
	});

	it('removes participants by phone number and BSUID', async () => {
		const id = await newGroup();
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		await control(handle.emulator, `groups/${id}/join`, { wa_id: '16505551235', user_id: 'US.13491208655302741918' });
		const output = await run('group', 'removeParticipants', { groupId: id, participants: '+1 650 555 1234, US.13491208655302741918' });
		expect(lastCall()).toMatchObject({ method: 'DELETE', path: `/v24.0/${id}/participants`, body: { messaging_product: 'whatsapp', participants: [{ user: USER }, { user_id: 'US.13491208655302741918' }] } });
		expect(output.requestId).toEqual(expect.any(String));
		expect(handle.emulator.state.groups.groups.get(id)!.participants).toEqual([]);
	});

	it.each([
		[Array.from({ length: 9 }, (_, i) => `+1650555123${i}`).join(','), 'Invalid Participants (participants): may hold at most 8 participants per request, got 9'],
		['+16505551234, 16505551234', 'Invalid Participants (participants): lists 16505551234 twice; give each participant once'],
		['hello', 'Invalid Participants (participants) (0): "hello" is neither a phone number (+16505551234) nor a business-scoped user ID (US.13491208655302741918)'],
		[[], 'Invalid Participants (participants): needs at least 1 participant'],
	])('refuses the participants %j', async (participants, message) => {
		await refused(run('group', 'removeParticipants', { groupId: 'Y2FwaV9ncm91cDox', participants }), message);
	});

	it('lists, approves and rejects join requests', async () => {
		const id = await newGroup({ joinApprovalMode: 'approval_required' });
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		await control(handle.emulator, `groups/${id}/join`, { wa_id: '16505551235' });
		const requests = await run('group', 'getJoinRequests', { groupId: id, returnAll: true });
		expect(requests.map((r: any) => r.wa_id)).toEqual([USER, '16505551235']);
		const [first, second] = requests.map((r: any) => r.join_request_id);
		const approved = await run('group', 'approveJoinRequests', { groupId: id, joinRequestIds: `${first}` });
		expect(lastCall()).toMatchObject({ method: 'POST', body: { messaging_product: 'whatsapp', join_requests: [first] } });
		expect(approved).toMatchObject({ approved: [first], failed: [] });
		const rejected = await run('group', 'rejectJoinRequests', { groupId: id, joinRequestIds: [second, 'gone'] });
		expect(lastCall()).toMatchObject({ method: 'DELETE', status: 206 });
		expect(rejected).toMatchObject({ rejected: [second], failed: [{ join_request_id: 'gone', errors: [expect.objectContaining({ code: 131213 })] }] });
		await refused(run('group', 'approveJoinRequests', { groupId: id, joinRequestIds: 'a, a' }), 'Invalid Join Request IDs (joinRequestIds): lists a twice; give each join request once');
	});
});

describe('Group > pin and unpin', () => {
	it('pins for a number of days and unpins without it, as messages to the group', async () => {
		const id = await newGroup();
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		const pinned = await run('group', 'pinMessage', { groupId: id, messageId: 'wamid.HBgLM123', expirationDays: 7 });
		expect(lastCall()).toMatchObject({
			path: `/v24.0/${PHONE_NUMBER_ID}/messages`,
			body: { messaging_product: 'whatsapp', recipient_type: 'group', to: id, type: 'pin', pin: { type: 'pin', expiration_days: 7, message_id: 'wamid.HBgLM123' } },
		});
		expect(pinned).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), waId: id });
		await run('group', 'unpinMessage', { groupId: id, messageId: 'wamid.HBgLM123' });
		expect(lastCall().body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'group', to: id, type: 'pin', pin: { type: 'unpin', message_id: 'wamid.HBgLM123' } });
	});

	it.each([
		[31, 'must be at most 30 days'],
		[0, 'must be at least 1 day'],
		[1.5, 'must be a whole number of days'],
	])('refuses %s expiration days', async (expirationDays, problem) => {
		await refused(run('group', 'pinMessage', { groupId: 'Y2FwaV9ncm91cDox', messageId: 'wamid.HBgLM123', expirationDays }), `Invalid Expiration Days (expirationDays): ${problem}`);
	});
});

describe('sending to a group', () => {
	it('create, the lifecycle webhook, a user joins, then a text goes to the group ID', async () => {
		const { requestId } = await run('group', 'create', { subject: 'Table for 4' });
		const created = (await hooks.groupEvents()).find((e) => e.type === 'group_create')!;
		expect(created.request_id).toBe(requestId);
		const refusedEmpty = await failure(run('message', 'sendText', { recipientType: 'group', to: created.group_id, body: 'Hi' }));
		expect(refusedEmpty.code).toBe(131020);
		await control(handle.emulator, `groups/${created.group_id}/join`, { wa_id: USER });
		const sent = await run('message', 'sendText', { recipientType: 'group', to: created.group_id, body: 'Your table is confirmed for 8 pm.' });
		expect(lastCall().body).toMatchObject({ recipient_type: 'group', to: created.group_id, type: 'text' });
		expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), waId: created.group_id, contacts: [{ input: created.group_id }] });
	});

	it('sends an image by link to a group', async () => {
		const id = await newGroup();
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		await run('message', 'sendImage', { recipientType: 'group', to: id, mediaLink: 'https://example.com/menu.jpg' });
		expect(lastCall().body).toMatchObject({ recipient_type: 'group', to: id, type: 'image', image: { link: 'https://example.com/menu.jpg' } });
	});

	it('checks `to` as a group ID for Group and as a phone number for Individual', async () => {
		const group = await failure(run('message', 'sendText', { recipientType: 'group', to: 'not a group', body: 'Hi' }));
		expect(group.message).toMatch(/^Invalid Recipient Phone Number or Group ID \(to\): must be a group ID/);
		const individual = await failure(run('message', 'sendText', { to: 'Y2FwaV9ncm91cDox', body: 'Hi' }));
		expect(individual.message).toBe('Invalid Recipient Phone Number or Group ID (to): "Y2FwaV9ncm91cDox" is not a phone number: use digits with the country code, e.g. +16505551234');
		expect(graphCalls(handle.emulator)).toHaveLength(0);
	});

	it('only the sends a group may receive have Recipient Type', () => {
		const withIt = ['sendText', 'sendImage', 'sendVideo', 'sendAudio', 'sendDocument', 'sendTemplate'];
		for (const op of ['sendText', 'sendTemplate', 'sendImage', 'sendVideo', 'sendAudio', 'sendDocument', 'sendSticker', 'sendLocation', 'sendContacts', 'sendReaction', 'sendButtons', 'sendMarketingTemplate'])
			expect([op, 'recipientType' in findOperation('message', op)!.params]).toEqual([op, withIt.includes(op)]);
	});

	it.each(['interactive', 'sticker', 'location', 'contacts', 'reaction'])('refuses a Cloud API %s payload addressed to a group (Node-RED msg.payload)', (type) => {
		const operation = { interactive: 'sendButtons', sticker: 'sendSticker', location: 'sendLocation', contacts: 'sendContacts', reaction: 'sendReaction' }[type]!;
		const payload = { messaging_product: 'whatsapp', recipient_type: 'group', to: 'Y2FwaV9ncm91cDox', type, [type]: type === 'interactive' ? { type: 'list' } : {} };
		expect(() => findOperation('message', operation)!.fromCloudApi!(payload)).toThrow(
			`Invalid Recipient Type (recipient_type): a group cannot receive ${type} messages: only text, image, video, audio, document, template can be sent to a group`,
		);
	});

	it('reads recipient_type group from a Cloud API text payload', () => {
		const values = findOperation('message', 'sendText')!.fromCloudApi!({ recipient_type: 'group', to: 'Y2FwaV9ncm91cDox', type: 'text', text: { body: 'Hi' } });
		expect(values).toMatchObject({ recipientType: 'group', to: 'Y2FwaV9ncm91cDox', body: 'Hi' });
	});

	it('refuses an authentication template to a group before sending it, after looking its category up', async () => {
		const id = await newGroup();
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		const error = await failure(
			run('message', 'sendTemplate', {
				recipientType: 'group',
				to: id,
				template: 'login_code|en_US',
				components: JSON.stringify([{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '123456' }] }]),
			}),
		);
		expect(error.message).toBe('Invalid Template (template): login_code (en_US) is an authentication template: groups take marketing and utility templates only');
		expect(graphCalls(handle.emulator).filter((r) => r.path.endsWith('/messages'))).toEqual([]);
		expect(graphCalls(handle.emulator).some((r) => r.path.endsWith('/message_templates') && r.query.name === 'login_code')).toBe(true);
	});

	it('sends a utility template to a group, and an individual\'s template without the lookup', async () => {
		const id = await newGroup();
		await control(handle.emulator, `groups/${id}/join`, { wa_id: USER });
		const sale = { template: 'spring_sale|en_US', components: JSON.stringify([
			{ type: 'body', parameters: [{ type: 'text', text: 'tomorrow' }] },
			{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] },
		]) };
		const sent = await run('message', 'sendTemplate', { recipientType: 'group', to: id, ...sale });
		expect(sent.messageId).toMatch(/^wamid\./);
		expect(lastCall().body).toMatchObject({ recipient_type: 'group', to: id, template: { name: 'spring_sale' } });
		const lookups = () => graphCalls(handle.emulator).filter((r) => r.path.endsWith('/message_templates')).length;
		expect(lookups()).toBe(1);
		await run('message', 'sendTemplate', { to: '+16505551234', ...sale });
		expect(lookups()).toBe(1);
	});

	it('retries 131208 with backoff and never the other group codes', () => {
		expect(errorCodeInfo(131208).retry).toBe('transient');
		for (const code of [131020, 131041, 131201, 131202, 131204, 131207, 131209, 131210, 131211, 131212, 131213, 131215]) expect([code, errorCodeInfo(code).retry]).toEqual([code, 'never']);
	});
});
