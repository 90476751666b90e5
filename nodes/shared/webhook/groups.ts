/**
 * The group parts of webhook events (Meta's Webhooks for Groups API page): the `groups[]` events of
 * the four group fields, and the group keys of inbound messages and statuses.
 */
import type { WebhookEvent } from './event';
import { objects, str, type Json } from './json';

/**
 * A `groups[]` event. `status` is its `type`, whatever it is: the OpenAPI schema and the guides
 * spell the participant types differently, so unknown types pass through untouched.
 */
export function groupFields(group: Json): Partial<WebhookEvent> {
	const added = objects(group.added_participants);
	const removed = objects(group.removed_participants);
	const participants = added.length ? added : removed.length ? removed : undefined;
	return {
		groupId: str(group.group_id),
		requestId: str(group.request_id),
		status: str(group.type),
		from: actor(group, added, removed),
		participants,
	};
}

/** The user who acted, where one did: asked to join, left, or joined alone by the invite link. */
function actor(group: Json, added: Json[], removed: Json[]): string | undefined {
	const id = (who: Json | undefined) => str(who?.wa_id) ?? str(who?.user_id);
	if (group.join_request_id !== undefined) return id(group);
	// `initiated_by` sits inside the event on the BSUID page, outside it in other samples: read it inside.
	if (group.initiated_by === 'participant' && removed.length === 1) return id(removed[0]);
	if (group.reason === 'invite_link' && added.length === 1) return id(added[0]);
	return undefined;
}

/** The group keys of an inbound message (`group_id`) or of a status of a group send. */
export function groupKeys(item: Json): Partial<WebhookEvent> {
	const isGroupStatus = str(item.recipient_type) === 'group';
	return {
		groupId: str(item.group_id) ?? (isGroupStatus ? str(item.recipient_id) : undefined),
		// One Meta sample spells it participant_recipient_id: accept both.
		participantId: str(item.recipient_participant_id) ?? str(item.participant_recipient_id),
	};
}
