import { describe, expect, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { control, jpegOf, useWebhookCapture } from './groupFixtures';
import { call, PHONE_ID, TOKEN, useEmulator } from './testClient';

const handle = useEmulator();
const hooks = useWebhookCapture(handle);
const V = '/v24.0';
const USERS = ['16505551234', '16505551235', '16505551236', '16505551237', '16505551238', '16505551239', '16505551240', '16505551241', '16505551242'];

/** Creates a group through the API and returns its id, read from the group_create webhook. */
async function createGroup(fields: Record<string, unknown> = {}): Promise<string> {
	const { status, body } = await call(handle.emulator, 'POST', `${V}/${PHONE_ID}/groups`, { messaging_product: 'whatsapp', subject: 'Order 4711', ...fields });
	expect(status).toBe(200);
	const created = (await hooks.groupEvents()).find((e) => e.type === 'group_create' && e.request_id === body.request_id);
	return created!.group_id;
}

const join = (groupId: string, waId: string) => control(handle.emulator, `groups/${groupId}/join`, { wa_id: waId });

function expectError(response: { status: number; body: any }, code: number, details: string, status = 400) {
	expect(response.status).toBe(status);
	expect(response.body.error).toMatchObject({ code, message: expect.stringMatching(new RegExp(`^\\(#${code}\\) `)), fbtrace_id: expect.any(String) });
	expect(response.body.error.error_data.details).toContain(details);
}

/** A multipart POST /{group-id} as the package sends a picture. */
async function postPicture(emulator: GraphEmulator, groupId: string, picture: Buffer, contentType = 'image/jpeg') {
	const form = new FormData();
	form.append('messaging_product', 'whatsapp');
	form.append('profile_picture_file', new Blob([new Uint8Array(picture)], { type: contentType }), 'group.jpg');
	const response = await fetch(`${emulator.url}${V}/${groupId}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
	return { status: response.status, body: (await response.json()) as any };
}

describe('emulator: create a group (POST /{phone-number-id}/groups)', () => {
	it('answers a request_id, then POSTs group_create with the same request_id, the group id and its invite link', async () => {
		const { status, body } = await call(handle.emulator, 'POST', `${V}/${PHONE_ID}/groups`, {
			messaging_product: 'whatsapp',
			subject: '  Order 4711  ',
			description: 'Support for your order',
			join_approval_mode: 'approval_required',
		});
		expect(status).toBe(200);
		expect(body).toEqual({ messaging_product: 'whatsapp', request_id: expect.stringMatching(/^\w{16,}$/) });
		const [change] = await hooks.changes('group_lifecycle_update');
		expect(change.value).toEqual({
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
			groups: [
				{
					timestamp: expect.stringMatching(/^\d+$/),
					group_id: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/),
					type: 'group_create',
					request_id: body.request_id,
					subject: 'Order 4711',
					description: 'Support for your order',
					invite_link: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\/\w+/),
					join_approval_mode: 'approval_required',
				},
			],
		});
		expect(handle.emulator.state.groups.groups.get(change.value.groups[0].group_id)?.subject).toBe('Order 4711');
	});

	it.each([
		['no messaging_product', { subject: 'A' }, 100, 'messaging_product must be "whatsapp"'],
		['no subject', { messaging_product: 'whatsapp' }, 131008, 'subject'],
		['a blank subject', { messaging_product: 'whatsapp', subject: '   ' }, 131008, 'subject is required'],
		['a subject of 129 characters', { messaging_product: 'whatsapp', subject: 's'.repeat(129) }, 100, 'at most 128 characters'],
		['a description of 2,049 characters', { messaging_product: 'whatsapp', subject: 'A', description: 'd'.repeat(2049) }, 100, 'at most 2048 characters'],
		['an unknown join_approval_mode', { messaging_product: 'whatsapp', subject: 'A', join_approval_mode: 'open' }, 100, 'one of {auto_approve, approval_required}'],
	])('refuses %s', async (_name, payload, code, details) => {
		expectError(await call(handle.emulator, 'POST', `${V}/${PHONE_ID}/groups`, payload), code, details);
		expect(handle.emulator.state.groups.groups.size).toBe(0);
	});

	it('accepts 128 characters of subject and refuses the 10,001st group of a number with 131211', async () => {
		await createGroup({ subject: 's'.repeat(128) });
		handle.emulator.state.groups.created.set(PHONE_ID, 10_000);
		expectError(await call(handle.emulator, 'POST', `${V}/${PHONE_ID}/groups`, { messaging_product: 'whatsapp', subject: 'A' }), 131211, 'at most 10000 groups');
	});
});

describe('emulator: list, get, update, delete', () => {
	it('lists active groups with data as an object holding groups, and cursor paging', async () => {
		for (const subject of ['A', 'B', 'C']) await createGroup({ subject });
		const first = await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/groups?limit=2`);
		expect(first.body.data.groups.map((g: any) => g.subject)).toEqual(['A', 'B']);
		expect(first.body.data.groups[0]).toEqual({ id: expect.any(String), subject: 'A', created_at: expect.any(Number) });
		expect(first.body.paging.next).toContain('after=');
		const second = await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/groups?limit=2&after=${first.body.paging.cursors.after}`);
		expect(second.body.data.groups.map((g: any) => g.subject)).toEqual(['C']);
		expect(second.body.paging.next).toBeUndefined();
		expect((await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/groups?limit=1024`)).status).toBe(200);
	});

	it.each([['0'], ['1025'], ['ten']])('refuses limit=%s (1 to 1024)', async (limit) => {
		expectError(await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/groups?limit=${limit}`), 100, 'between 1 and 1024');
	});

	it('answers 131059 for a corrupt cursor', async () => {
		expectError(await call(handle.emulator, 'GET', `${V}/${PHONE_ID}/groups?after=bm9wZQ`), 131059, 'cursor');
	});

	it('gets only id and messaging_product without fields, and the asked fields with them', async () => {
		const id = await createGroup({ description: 'D' });
		await join(id, USERS[0]);
		expect((await call(handle.emulator, 'GET', `${V}/${id}`)).body).toEqual({ messaging_product: 'whatsapp', id });
		const { body } = await call(handle.emulator, 'GET', `${V}/${id}?fields=subject,description,participants,join_approval_mode,suspended,creation_timestamp,total_participant_count`);
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			id,
			subject: 'Order 4711',
			description: 'D',
			participants: [{ wa_id: USERS[0] }],
			join_approval_mode: 'auto_approve',
			suspended: false,
			creation_timestamp: expect.any(Number),
			total_participant_count: 1,
		});
		expect((await call(handle.emulator, 'GET', `${V}/${id}?fields=owner`)).body.error.message).toContain('nonexisting field (owner)');
	});

	it('answers 131041 for an unknown group on every endpoint', async () => {
		const unknown = 'Y2FwaV9ncm91cDpub25l';
		expectError(await call(handle.emulator, 'GET', `${V}/${unknown}?fields=subject`), 131041, 'does not exist');
		expectError(await call(handle.emulator, 'POST', `${V}/${unknown}`, { messaging_product: 'whatsapp', subject: 'A' }), 131041, unknown);
		expectError(await call(handle.emulator, 'DELETE', `${V}/${unknown}`), 131041, unknown);
		expectError(await call(handle.emulator, 'GET', `${V}/${unknown}/invite_link`), 131041, unknown);
		expectError(await call(handle.emulator, 'GET', `${V}/${unknown}/join_requests`), 131041, unknown);
	});

	it('updates subject and description (JSON) and POSTs group_settings_update with the request_id', async () => {
		const id = await createGroup();
		const { status, body } = await call(handle.emulator, 'POST', `${V}/${id}`, { messaging_product: 'whatsapp', subject: 'Renamed', description: 'New' });
		expect(status).toBe(200);
		expect(body).toEqual({ messaging_product: 'whatsapp', request_id: expect.any(String) });
		const [change] = await hooks.changes('group_settings_update');
		expect(change.value.groups[0]).toEqual({
			timestamp: expect.any(String),
			group_id: id,
			type: 'group_settings_update',
			request_id: body.request_id,
			group_subject: { text: 'Renamed', update_successful: true },
			group_description: { text: 'New', update_successful: true },
		});
		expectError(await call(handle.emulator, 'POST', `${V}/${id}`, { messaging_product: 'whatsapp' }), 100, 'at least one of subject, description or profile_picture_file');
		expectError(await call(handle.emulator, 'POST', `${V}/${id}`, { subject: 'x' }), 100, 'messaging_product');
	});

	it('takes a square JPEG of at least 192 px as multipart profile_picture_file, and refuses others with 131209, 131210 or 100', async () => {
		const id = await createGroup();
		const ok = await postPicture(handle.emulator, id, jpegOf(640, 640));
		expect(ok.status).toBe(200);
		const [change] = await hooks.changes('group_settings_update');
		expect(change.value.groups[0].profile_picture).toEqual({ mime_type: 'image/jpeg', sha256: expect.any(String), update_successful: true });
		expectError(await postPicture(handle.emulator, id, jpegOf(640, 480)), 131209, 'square');
		expectError(await postPicture(handle.emulator, id, jpegOf(191, 191)), 131210, '192 x 192');
		expectError(await postPicture(handle.emulator, id, Buffer.from('\x89PNG\r\n'), 'image/png'), 100, 'image/jpeg');
		expectError(await postPicture(handle.emulator, id, jpegOf(640, 640, 5 * 1024 * 1024 + 1)), 100, 'at most 5 MB');
	});

	it('deletes a group: request_id, then group_delete; the group is gone', async () => {
		const id = await createGroup();
		const { body } = await call(handle.emulator, 'DELETE', `${V}/${id}`);
		expect(body).toEqual({ messaging_product: 'whatsapp', request_id: expect.any(String) });
		const deleted = (await hooks.groupEvents()).find((e) => e.type === 'group_delete');
		expect(deleted).toEqual({ field: 'group_lifecycle_update', timestamp: expect.any(String), group_id: id, type: 'group_delete', request_id: body.request_id });
		expectError(await call(handle.emulator, 'GET', `${V}/${id}/invite_link`), 131041, id);
	});

	it('gets the invite link, and a reset replaces it', async () => {
		const id = await createGroup();
		const first = await call(handle.emulator, 'GET', `${V}/${id}/invite_link`);
		expect(first.body).toEqual({ messaging_product: 'whatsapp', invite_link: expect.stringMatching(/^https:\/\/chat\.whatsapp\.com\//) });
		const reset = await call(handle.emulator, 'POST', `${V}/${id}/invite_link`, { messaging_product: 'whatsapp' });
		expect(reset.body.invite_link).not.toBe(first.body.invite_link);
		expect((await call(handle.emulator, 'GET', `${V}/${id}/invite_link`)).body.invite_link).toBe(reset.body.invite_link);
		expectError(await call(handle.emulator, 'POST', `${V}/${id}/invite_link`, {}), 100, 'messaging_product');
	});
});

describe('emulator: participants and join requests', () => {
	it('a user joins by the link (group_participants_add); the 9th gets 131204', async () => {
		const id = await createGroup();
		for (const user of USERS.slice(0, 8)) expect((await join(id, user)).body).toEqual({ joined: true });
		const full = await join(id, USERS[8]);
		expect(full.body.error.code).toBe(131204);
		const [added] = (await hooks.groupEvents()).filter((e) => e.type === 'group_participants_add');
		expect(added).toEqual({ field: 'group_participants_update', timestamp: expect.any(String), group_id: id, type: 'group_participants_add', reason: 'invite_link', added_participants: [{ wa_id: USERS[0] }] });
	});

	it('removes participants: request_id, then group_participants_remove by the business; a removed user cannot rejoin', async () => {
		const id = await createGroup();
		await join(id, USERS[0]);
		await join(id, USERS[1]);
		const { status, body } = await call(handle.emulator, 'DELETE', `${V}/${id}/participants`, { messaging_product: 'whatsapp', participants: [{ user: `+${USERS[0]}` }] });
		expect(status).toBe(200);
		expect(body).toEqual({ messaging_product: 'whatsapp', request_id: expect.any(String) });
		const removed = (await hooks.groupEvents()).find((e) => e.type === 'group_participants_remove');
		expect(removed).toMatchObject({ group_id: id, request_id: body.request_id, initiated_by: 'business', removed_participants: [{ input: `+${USERS[0]}` }] });
		expect(handle.emulator.state.groups.groups.get(id)!.participants).toEqual([{ wa_id: USERS[1] }]);
		expect((await join(id, USERS[0])).body.error.error_data.details).toContain('cannot rejoin');
	});

	it('reports the ones that are not participants in failed_participants when others were removed', async () => {
		const id = await createGroup();
		await join(id, USERS[0]);
		await call(handle.emulator, 'DELETE', `${V}/${id}/participants`, { messaging_product: 'whatsapp', participants: [{ user: USERS[0] }, { user: USERS[1] }] });
		const removed = (await hooks.groupEvents()).find((e) => e.type === 'group_participants_remove')!;
		expect(removed.failed_participants).toEqual([{ input: USERS[1], errors: [expect.objectContaining({ code: 131212 })] }]);
		expect(removed.errors).toEqual([expect.objectContaining({ code: 131201 })]);
	});

	it.each([
		['a duplicate', [{ user: '16505551234' }, { user: '+1 650 555 1234' }], 131202, 'more than once'],
		['9 participants', USERS.map((user) => ({ user })), 100, 'at most 8 elements'],
		['none', [], 131008, 'participants'],
		['both user and user_id', [{ user: '16505551234', user_id: 'US.1' }], 100, 'exactly one of user or user_id'],
		['someone who is not a participant', [{ user_id: 'US.13491208655302741918' }], 131212, 'not a participant'],
	])('refuses removing %s', async (_name, participants, code, details) => {
		const id = await createGroup();
		await join(id, USERS[0]);
		expectError(await call(handle.emulator, 'DELETE', `${V}/${id}/participants`, { messaging_product: 'whatsapp', participants }), code, details);
		expect(handle.emulator.state.groups.groups.get(id)!.participants).toHaveLength(1);
	});

	it('with approval_required a join creates a request (group_join_request_created); approve adds, reject drops it', async () => {
		const id = await createGroup({ join_approval_mode: 'approval_required' });
		const { body: first } = await join(id, USERS[0]);
		await join(id, USERS[1]);
		const created = (await hooks.groupEvents()).find((e) => e.type === 'group_join_request_created');
		expect(created).toEqual({ field: 'group_participants_update', timestamp: expect.any(String), group_id: id, type: 'group_join_request_created', join_request_id: first.join_request_id, wa_id: USERS[0] });
		const list = await call(handle.emulator, 'GET', `${V}/${id}/join_requests`);
		expect(list.body.data).toEqual([
			{ join_request_id: first.join_request_id, wa_id: USERS[0], creation_timestamp: expect.any(Number) },
			{ join_request_id: expect.any(String), wa_id: USERS[1], creation_timestamp: expect.any(Number) },
		]);
		const second = list.body.data[1].join_request_id;
		const approved = await call(handle.emulator, 'POST', `${V}/${id}/join_requests`, { messaging_product: 'whatsapp', join_requests: [first.join_request_id] });
		expect(approved.body).toEqual({ messaging_product: 'whatsapp', approved_join_requests: [first.join_request_id] });
		const rejected = await call(handle.emulator, 'DELETE', `${V}/${id}/join_requests`, { messaging_product: 'whatsapp', join_requests: [second] });
		expect(rejected.body).toEqual({ messaging_product: 'whatsapp', rejected_join_requests: [second] });
		expect(handle.emulator.state.groups.groups.get(id)!.participants).toEqual([{ wa_id: USERS[0] }]);
		const adds = (await hooks.groupEvents()).filter((e) => e.type === 'group_participants_add');
		expect(adds.map((e) => e.added_participants)).toEqual([[{ wa_id: USERS[0] }]]);
	});

	it('answers 131213 for an unknown join request, and 206 with 131201 when only some succeed', async () => {
		const id = await createGroup({ join_approval_mode: 'approval_required' });
		const { body: request } = await join(id, USERS[0]);
		expectError(await call(handle.emulator, 'POST', `${V}/${id}/join_requests`, { messaging_product: 'whatsapp', join_requests: ['404'] }), 131213, 'does not exist');
		const partial = await call(handle.emulator, 'POST', `${V}/${id}/join_requests`, { messaging_product: 'whatsapp', join_requests: [request.join_request_id, '404'] });
		expect(partial.status).toBe(206);
		expect(partial.body).toEqual({
			messaging_product: 'whatsapp',
			approved_join_requests: [request.join_request_id],
			failed_join_requests: [{ join_request_id: '404', errors: [expect.objectContaining({ code: 131213 })] }],
			errors: [expect.objectContaining({ code: 131201 })],
		});
		expectError(await call(handle.emulator, 'DELETE', `${V}/${id}/join_requests`, { messaging_product: 'whatsapp', join_requests: [] }), 131008, 'join_requests');
	});

	it('a participant leaves (initiated_by participant); a suspended group refuses operations with 131207 (HTTP 403)', async () => {
		const id = await createGroup();
		await join(id, USERS[0]);
		expect((await control(handle.emulator, `groups/${id}/leave`, { wa_id: USERS[0] })).body).toEqual({ left: true });
		expect((await control(handle.emulator, `groups/${id}/leave`, { wa_id: USERS[0] })).body.error.code).toBe(131212);
		await control(handle.emulator, `groups/${id}/suspend`);
		const events = await hooks.groupEvents();
		expect(events.find((e) => e.type === 'group_participants_remove')).toMatchObject({ initiated_by: 'participant', removed_participants: [{ wa_id: USERS[0] }] });
		expect(events.find((e) => e.type === 'group_suspend')).toEqual({ field: 'group_status_update', timestamp: expect.any(String), group_id: id, type: 'group_suspend' });
		expectError(await call(handle.emulator, 'GET', `${V}/${id}/invite_link`), 131207, 'suspended', 403);
		await control(handle.emulator, `groups/${id}/suspend`, { cleared: true });
		expect((await call(handle.emulator, 'GET', `${V}/${id}/invite_link`)).status).toBe(200);
	});
});

describe('emulator: messages to a group', () => {
	const send = (message: Record<string, unknown>) => call(handle.emulator, 'POST', `${V}/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', recipient_type: 'group', ...message });

	it('answers 131020 until a user joined, then echoes the group id; statuses: sent for the group, delivered and read per participant', async () => {
		const id = await createGroup();
		expectError(await send({ to: id, type: 'text', text: { body: 'Hi' } }), 131020, 'no participants');
		await join(id, USERS[0]);
		await join(id, USERS[1]);
		const { status, body } = await send({ to: id, type: 'text', text: { body: 'Hi' } });
		expect(status).toBe(200);
		expect(body.contacts).toEqual([{ input: id, wa_id: id }]);
		const statuses = (await hooks.changes('messages')).map((c) => c.value.statuses);
		expect(statuses[0]).toEqual([expect.objectContaining({ id: body.messages[0].id, status: 'sent', recipient_id: id, recipient_type: 'group' })]);
		expect(statuses[1].map((s: any) => [s.status, s.recipient_participant_id, s.recipient_type])).toEqual([
			['delivered', USERS[0], 'group'],
			['delivered', USERS[1], 'group'],
		]);
		expect(statuses[2].map((s: any) => s.status)).toEqual(['read', 'read']);
	});

	it('answers 131041 for a group of another number, and 131051 for an interactive message', async () => {
		const id = await createGroup();
		await join(id, USERS[0]);
		expectError(await call(handle.emulator, 'POST', `${V}/106540352242923/messages`, { messaging_product: 'whatsapp', recipient_type: 'group', to: id, type: 'text', text: { body: 'Hi' } }), 131041, id);
		expectError(await send({ to: id, type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'b' }, action: { name: 'send_location' } } }), 131051, 'not supported in groups');
	});

	it('pins for 1 to 30 days and unpins without expiration; a pin gets only a sent status', async () => {
		const id = await createGroup();
		await join(id, USERS[0]);
		const pin = await send({ to: id, type: 'pin', pin: { type: 'pin', message_id: 'wamid.HBgLM', expiration_days: 30 } });
		expect(pin.status).toBe(200);
		expect((await hooks.changes('messages')).map((c) => c.value.statuses[0].status)).toEqual(['sent']);
		expect((await send({ to: id, type: 'pin', pin: { type: 'unpin', message_id: 'wamid.HBgLM' } })).status).toBe(200);
		expectError(await send({ to: id, type: 'pin', pin: { type: 'pin', message_id: 'wamid.HBgLM', expiration_days: 31 } }), 131009, 'between 1 and 30');
		expectError(await send({ to: id, type: 'pin', pin: { type: 'pin', message_id: 'wamid.HBgLM' } }), 131008, 'expiration_days');
		expectError(await send({ to: id, type: 'pin', pin: { type: 'unpin', message_id: 'wamid.HBgLM', expiration_days: 3 } }), 100, 'must not be given for an unpin');
		expectError(await call(handle.emulator, 'POST', `${V}/${PHONE_ID}/messages`, { messaging_product: 'whatsapp', to: '+16505551234', type: 'pin', pin: { type: 'unpin', message_id: 'wamid.HBgLM' } }), 100, 'recipient_type must be "group"');
	});
});
