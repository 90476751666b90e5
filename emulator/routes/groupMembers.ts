import { GraphError, invalidParameter } from '../graphError';
import { GROUP_LIMITS, groupError, type Group, type GroupParticipant } from '../groups';
import { notifyGroup, webhookError } from '../groupWebhooks';
import { RawReply } from '../rawReply';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';
import { GROUP_ID, isGroupId, jsonBody } from './groups';
import { arr, invalid, isObject, type Json } from './message-types/check';
import { page } from './paging';

/**
 * Group membership (Meta's Group management page): removing participants, join requests, and
 * the control routes that act as users (join by the invite link, leave) or as Meta (suspend).
 */

const PARTIAL = () => new GraphError(131201, 'Request partly succeeded', 'Some items of the request failed; see the failed items.', 206);

/** A bulk answer: 200 when all succeeded, the first item's error when all failed, 206 + 131201 when mixed. */
function bulkAnswer(answer: Json, failures: Array<{ error: GraphError }>, total: number) {
	if (failures.length === total) throw failures[0].error;
	if (!failures.length) return answer;
	const partial = PARTIAL();
	const body = { ...answer, errors: [{ code: partial.code, message: partial.title, title: partial.title, error_data: { details: partial.details } }] };
	return new RawReply(Buffer.from(JSON.stringify(body)), { 'content-type': 'application/json; charset=UTF-8' }, 206);
}

/** `{user}` (phone or wa_id, compared as digits) or `{user_id}` (BSUID): exactly one key each. */
function participantKeys(body: Json) {
	const list = arr(body, 'participants', '', { required: true, min: 1, max: GROUP_LIMITS.removeMax })!;
	const seen = new Set<string>();
	return list.map((entry, i) => {
		const at = `participants[${i}]`;
		if (!isObject(entry)) throw invalid(at, 'must be an object.');
		const keys = ['user', 'user_id'].filter((k) => entry[k] !== undefined);
		if (keys.length !== 1 || typeof entry[keys[0]] !== 'string' || !entry[keys[0]]) throw invalid(at, 'must have exactly one of user or user_id.');
		const input = entry[keys[0]] as string;
		const key = keys[0] === 'user' ? `wa:${input.replace(/\D/g, '')}` : `id:${input}`;
		if (seen.has(key)) throw groupError.duplicate(input);
		seen.add(key);
		return { input, matches: (p: GroupParticipant) => (keys[0] === 'user' ? `wa:${p.wa_id}` === key : p.user_id === input) };
	});
}

function removeParticipants(emulator: GraphEmulator, group: Group, body: Json) {
	const wanted = participantKeys(body);
	const failures = wanted
		.filter((w) => !group.participants.some(w.matches))
		.map((w) => ({ input: w.input, error: groupError.notParticipant(w.input) }));
	if (failures.length === wanted.length) throw failures[0].error;
	const removed = wanted.filter((w) => group.participants.some(w.matches));
	for (const w of removed) {
		const participant = group.participants.find(w.matches)!;
		group.removed.add(participant.wa_id);
		group.participants = group.participants.filter((p) => p !== participant);
	}
	const requestId = emulator.state.groups.newRequestId();
	notifyGroup(emulator, 'group_participants_update', group.phoneNumberId, {
		group_id: group.id,
		type: 'group_participants_remove',
		request_id: requestId,
		initiated_by: 'business',
		removed_participants: removed.map((w) => ({ input: w.input })),
		...(failures.length
			? { failed_participants: failures.map((f) => ({ input: f.input, errors: [webhookError(f.error)] })), errors: [webhookError(PARTIAL())] }
			: {}),
	});
	return { messaging_product: 'whatsapp', request_id: requestId };
}

function joinRequestIds(body: Json): string[] {
	const list = arr(body, 'join_requests', '', { required: true, min: 1 })!;
	return list.map((id, i) => {
		if (typeof id !== 'string' || !id) throw invalid(`join_requests[${i}]`, 'must be a join request ID string.');
		return id;
	});
}

const added = (emulator: GraphEmulator, group: Group, participants: Json[]) =>
	notifyGroup(emulator, 'group_participants_update', group.phoneNumberId, {
		group_id: group.id,
		type: 'group_participants_add',
		reason: 'invite_link',
		added_participants: participants,
	});

function handleJoinRequests(emulator: GraphEmulator, group: Group, body: Json, approve: boolean) {
	const done: string[] = [];
	const failures: Array<{ id: string; error: GraphError }> = [];
	for (const id of joinRequestIds(body)) {
		const request = group.joinRequests.find((r) => r.join_request_id === id);
		if (!request) failures.push({ id, error: groupError.unknownJoinRequest(id) });
		else if (approve && group.participants.length >= GROUP_LIMITS.participants) failures.push({ id, error: groupError.full() });
		else {
			group.joinRequests = group.joinRequests.filter((r) => r !== request);
			if (approve) {
				group.participants.push({ wa_id: request.wa_id });
				added(emulator, group, [{ wa_id: request.wa_id }]);
			}
			done.push(id);
		}
	}
	const answer: Json = {
		messaging_product: 'whatsapp',
		[approve ? 'approved_join_requests' : 'rejected_join_requests']: done,
		...(failures.length ? { failed_join_requests: failures.map((f) => ({ join_request_id: f.id, errors: [webhookError(f.error)] })) } : {}),
	};
	return bulkAnswer(answer, failures, done.length + failures.length);
}

/** What a control route acts on: a user's wa_id (digits), with an optional BSUID. */
function user(body: unknown): GroupParticipant {
	const fields = (body ?? {}) as Json;
	const waId = typeof fields.wa_id === 'string' ? fields.wa_id.replace(/\D/g, '') : '';
	if (waId.length < 7 || waId.length > 15) throw invalidParameter('Param wa_id must be a phone number of 7 to 15 digits.');
	return { wa_id: waId, ...(typeof fields.user_id === 'string' ? { user_id: fields.user_id } : {}) };
}

/** A user taps the invite link: joins, or asks to with approval_required. */
function join(emulator: GraphEmulator, group: Group, participant: GroupParticipant) {
	if (group.participants.some((p) => p.wa_id === participant.wa_id)) throw invalidParameter(`User ${participant.wa_id} is already a participant.`);
	if (group.removed.has(participant.wa_id)) throw invalidParameter(`User ${participant.wa_id} was removed by the business and cannot rejoin through an invite link.`);
	if (group.join_approval_mode === 'approval_required') {
		const request = { join_request_id: String(1_000_000_000_000_000 + group.joinRequests.length + emulator.clock.now()), wa_id: participant.wa_id, creation_timestamp: Math.floor(emulator.clock.now() / 1000) };
		group.joinRequests.push(request);
		notifyGroup(emulator, 'group_participants_update', group.phoneNumberId, { group_id: group.id, type: 'group_join_request_created', join_request_id: request.join_request_id, ...participant });
		return { join_request_id: request.join_request_id };
	}
	if (group.participants.length >= GROUP_LIMITS.participants) throw groupError.full();
	group.participants.push(participant);
	added(emulator, group, [{ ...participant }]);
	return { joined: true };
}

export function registerGroupMembers(emulator: GraphEmulator) {
	const groups = emulator.state.groups;
	const path = (suffix: string) => new RegExp(`^/${GROUP_ID}/${suffix}$`);
	emulator.route('DELETE', path('participants'), ([, id], req) => (isGroupId(id) ? removeParticipants(emulator, groups.of(id), jsonBody(req.body)) : NEXT_ROUTE));
	emulator.route('GET', path('join_requests'), ([, id], req) => (isGroupId(id) ? page(emulator, req, groups.of(id).joinRequests) : NEXT_ROUTE));
	emulator.route('POST', path('join_requests'), ([, id], req) => (isGroupId(id) ? handleJoinRequests(emulator, groups.of(id), jsonBody(req.body), true) : NEXT_ROUTE));
	emulator.route('DELETE', path('join_requests'), ([, id], req) => (isGroupId(id) ? handleJoinRequests(emulator, groups.of(id), jsonBody(req.body), false) : NEXT_ROUTE));

	const control = (action: string) => new RegExp(`^/__emulator/groups/${GROUP_ID}/${action}$`);
	emulator.controlRoute('POST', control('join'), ([, id], req) => join(emulator, groups.of(id), user(req.body)));
	emulator.controlRoute('POST', control('leave'), ([, id], req) => {
		const group = groups.of(id, undefined, false);
		const { wa_id: waId } = user(req.body);
		const participant = group.participants.find((p) => p.wa_id === waId);
		if (!participant) throw groupError.notParticipant(waId);
		group.participants = group.participants.filter((p) => p !== participant);
		notifyGroup(emulator, 'group_participants_update', group.phoneNumberId, {
			group_id: group.id,
			type: 'group_participants_remove',
			initiated_by: 'participant',
			removed_participants: [participant],
		});
		return { left: true };
	});
	// `{"cleared": true}` lifts the suspension (group_suspend_cleared).
	emulator.controlRoute('POST', control('suspend'), ([, id], req) => {
		const group = groups.of(id, undefined, false);
		group.suspended = !((req.body ?? {}) as Json).cleared;
		notifyGroup(emulator, 'group_status_update', group.phoneNumberId, { group_id: group.id, type: group.suspended ? 'group_suspend' : 'group_suspend_cleared' });
		return { suspended: group.suspended };
	});
}
