import { createHash } from 'node:crypto';
import { GraphError, invalidParameter } from '../graphError';
import { GROUP_LIMITS, groupError, type Group } from '../groups';
import { notifyGroup } from '../groupWebhooks';
import { parseMultipart, type FormPart } from '../multipart';
import { NEXT_ROUTE, type ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import { isObject, str, type Json } from './message-types/check';
import { page } from './paging';

/**
 * The Groups API management endpoints (Meta's Group management page): create, list, get, update,
 * delete and the invite link. Participants and join requests are in groupMembers.ts.
 */

/** A group id in a path: opaque and base64-looking, never all digits (those are other objects). */
export const GROUP_ID = '([A-Za-z0-9_=+-]{8,})';
export const isGroupId = (id: string) => !/^\d+$/.test(id);

export function jsonBody(body: unknown): Json {
	if (!isObject(body)) throw invalidParameter('The request body must be a JSON object.');
	if (body.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	return body;
}

function checkSubject(parent: Json, required: boolean): string | undefined {
	const subject = str(parent, 'subject', '', { required })?.trim();
	if (subject === undefined) return undefined;
	if (!subject) throw invalidParameter('Param subject must not be empty.');
	if (subject.length > GROUP_LIMITS.subject) throw invalidParameter(`Param subject must be at most ${GROUP_LIMITS.subject} characters long (got ${subject.length}).`);
	return subject;
}

const checkDescription = (parent: Json) => str(parent, 'description', '', { max: GROUP_LIMITS.description });

const seconds = (emulator: GraphEmulator) => Math.floor(emulator.clock.now() / 1000);

function create(emulator: GraphEmulator, phoneNumberId: string, body: Json) {
	const subject = checkSubject(body, true)!;
	const description = checkDescription(body);
	const mode = (str(body, 'join_approval_mode', '', { oneOf: ['auto_approve', 'approval_required'] }) ?? 'auto_approve') as Group['join_approval_mode'];
	const { groups } = emulator.state;
	const created = groups.created.get(phoneNumberId) ?? 0;
	if (created >= GROUP_LIMITS.groupsPerNumber) throw groupError.creationLimit();
	groups.created.set(phoneNumberId, created + 1);
	const group: Group = {
		id: groups.newId(phoneNumberId),
		phoneNumberId,
		subject,
		description,
		join_approval_mode: mode,
		suspended: false,
		creation_timestamp: seconds(emulator),
		participants: [],
		removed: new Set(),
		joinRequests: [],
		inviteLink: groups.newInviteLink(),
	};
	groups.groups.set(group.id, group);
	const requestId = groups.newRequestId();
	notifyGroup(emulator, 'group_lifecycle_update', phoneNumberId, {
		group_id: group.id,
		type: 'group_create',
		request_id: requestId,
		subject,
		...(description ? { description } : {}),
		invite_link: group.inviteLink,
		join_approval_mode: mode,
	});
	return { messaging_product: 'whatsapp', request_id: requestId };
}

function list(emulator: GraphEmulator, phoneNumberId: string, req: ParsedRequest) {
	const limit = req.query.limit;
	if (limit !== undefined && !(/^\d+$/.test(limit) && Number(limit) >= 1 && Number(limit) <= GROUP_LIMITS.pageMax))
		throw invalidParameter(`Param limit must be an integer between 1 and ${GROUP_LIMITS.pageMax} (got "${limit}").`);
	const groups = [...emulator.state.groups.groups.values()]
		.filter((g) => g.phoneNumberId === phoneNumberId)
		.map((g) => ({ id: g.id, subject: g.subject, created_at: g.creation_timestamp }));
	try {
		const { data, paging } = page(emulator, req, groups, GROUP_LIMITS.pageMax);
		return { data: { groups: data }, paging };
	} catch (error) {
		// A cursor Meta cannot read is 131059 on this edge (Meta's Groups API error codes).
		if (error instanceof GraphError && /cursor/i.test(error.details ?? '')) throw new GraphError(131059, 'Paging cursor expired or corrupt', error.details);
		throw error;
	}
}

const FIELDS = ['subject', 'description', 'participants', 'join_approval_mode', 'suspended', 'creation_timestamp', 'total_participant_count'];

function info(group: Group, fields: string | undefined) {
	const answer: Json = { messaging_product: 'whatsapp', id: group.id };
	for (const field of (fields ?? '').split(',').map((f) => f.trim()).filter(Boolean)) {
		if (!FIELDS.includes(field)) throw new GraphError(100, `Tried accessing nonexisting field (${field}) on node type (Group)`);
		const value = field === 'participants' ? group.participants : field === 'total_participant_count' ? group.participants.length : group[field as keyof Group];
		if (value !== undefined) answer[field] = value;
	}
	return answer;
}

/** A JPEG's width and height from its SOF segment, read here apart from the package's own reader. */
function jpegDimensions(bytes: Buffer): [number, number] | undefined {
	let at = 2;
	while (at + 8 < bytes.length && bytes[at] === 0xff) {
		const marker = bytes[at + 1];
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return [bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5)];
		at += 2 + bytes.readUInt16BE(at + 2);
	}
	return undefined;
}

function checkPicture(part: FormPart) {
	if (part.contentType !== 'image/jpeg' || !(part.data[0] === 0xff && part.data[1] === 0xd8))
		throw invalidParameter('Param profile_picture_file must be an image/jpeg file.');
	if (part.data.length > GROUP_LIMITS.pictureBytes) throw invalidParameter(`Param profile_picture_file must be at most 5 MB (got ${part.data.length} bytes).`);
	const size = jpegDimensions(part.data);
	if (!size) throw invalidParameter('Param profile_picture_file is not a valid JPEG image.');
	if (size[0] !== size[1]) throw groupError.notSquare();
	if (size[0] < GROUP_LIMITS.pictureMinPx) throw groupError.tooSmall();
	return { mime_type: 'image/jpeg', sha256: createHash('sha256').update(part.data).digest('base64') };
}

/** POST /{group-id}: JSON, or multipart with the picture under profile_picture_file (or file, as Meta's guide's curl sends it). */
function update(emulator: GraphEmulator, group: Group, req: ParsedRequest) {
	let fields: Json;
	let picture: FormPart | undefined;
	const parts = parseMultipart(req.headers['content-type'], req.raw);
	if (parts) {
		fields = Object.fromEntries(parts.filter((p) => p.filename === undefined).map((p) => [p.name, p.data.toString('utf8')]));
		picture = parts.find((p) => p.name === 'profile_picture_file' || p.name === 'file');
		if (fields.messaging_product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	} else fields = jsonBody(req.body);
	const subject = checkSubject(fields, false);
	const description = checkDescription(fields);
	const image = picture && checkPicture(picture);
	if (subject === undefined && description === undefined && !image)
		throw invalidParameter('Give at least one of subject, description or profile_picture_file.');
	if (subject !== undefined) group.subject = subject;
	if (description !== undefined) group.description = description;
	if (image) group.picture = { sha256: image.sha256, bytes: picture!.data.length };
	const requestId = emulator.state.groups.newRequestId();
	notifyGroup(emulator, 'group_settings_update', group.phoneNumberId, {
		group_id: group.id,
		type: 'group_settings_update',
		request_id: requestId,
		...(image ? { profile_picture: { ...image, update_successful: true } } : {}),
		...(subject !== undefined ? { group_subject: { text: subject, update_successful: true } } : {}),
		...(description !== undefined ? { group_description: { text: description, update_successful: true } } : {}),
	});
	return { messaging_product: 'whatsapp', request_id: requestId };
}

function remove(emulator: GraphEmulator, group: Group) {
	emulator.state.groups.groups.delete(group.id);
	const requestId = emulator.state.groups.newRequestId();
	notifyGroup(emulator, 'group_lifecycle_update', group.phoneNumberId, { group_id: group.id, type: 'group_delete', request_id: requestId });
	return { messaging_product: 'whatsapp', request_id: requestId };
}

/**
 * Before a send to a group (Meta's Group messaging page): the group must be this number's (131041),
 * not suspended (131207), and hold someone besides the business (131020), except for a pin.
 */
export function checkGroupSend(emulator: GraphEmulator, phoneNumberId: string, groupId: string, type: string) {
	const group = emulator.state.groups.of(groupId, phoneNumberId);
	if (type !== 'pin' && group.participants.length === 0) throw groupError.noParticipants(groupId);
}

export function registerGroups(emulator: GraphEmulator) {
	const groups = emulator.state.groups;
	emulator.route('POST', /^\/(\d+)\/groups$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return create(emulator, id, jsonBody(req.body));
	});
	emulator.route('GET', /^\/(\d+)\/groups$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return list(emulator, id, req);
	});
	const groupPath = (suffix = '') => new RegExp(`^/${GROUP_ID}${suffix}$`);
	emulator.route('GET', groupPath(), ([, id], req) => (isGroupId(id) ? info(groups.of(id, undefined, false), req.query.fields) : NEXT_ROUTE));
	emulator.route('POST', groupPath(), ([, id], req) => (isGroupId(id) ? update(emulator, groups.of(id), req) : NEXT_ROUTE));
	emulator.route('DELETE', groupPath(), ([, id]) => (isGroupId(id) ? remove(emulator, groups.of(id)) : NEXT_ROUTE));
	emulator.route('GET', groupPath('/invite_link'), ([, id]) => {
		if (!isGroupId(id)) return NEXT_ROUTE;
		return { messaging_product: 'whatsapp', invite_link: groups.of(id).inviteLink };
	});
	emulator.route('POST', groupPath('/invite_link'), ([, id], req) => {
		if (!isGroupId(id)) return NEXT_ROUTE;
		const group = groups.of(id);
		jsonBody(req.body);
		// Every earlier link stops working.
		group.inviteLink = groups.newInviteLink();
		return { messaging_product: 'whatsapp', invite_link: group.inviteLink };
	});
}
