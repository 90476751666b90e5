/**
 * The calling parts of webhook events (Meta's Calling API and webhook reference): `calls[]` by
 * their `event`, call statuses, permission replies and call settings changes.
 */
import type { WebhookEvent } from './event';
import { isoTime, num, object, objects, str, type Json } from './json';

/** The kind of each `calls[].event`; an event not listed keeps the kind `call`. */
export const CALL_KINDS: Record<string, string> = {
	connect: 'call_connect',
	terminate: 'call_terminate',
	call_created: 'call_created',
	call_recording_available: 'call_recording',
	call_transcription_available: 'call_transcription',
};

export const callKind = (call: Json) => CALL_KINDS[str(call.event) ?? ''] ?? 'call';

const upper = (value: unknown) => str(value)?.toUpperCase();

/**
 * The fields of a `calls[]` element or a `statuses[]` element of type call. Keys set to undefined
 * are removed by the caller, which is how `messageId` (the wacid is `callId`) goes away.
 */
export function callFields(call: Json, value: Json, isStatus: boolean): Partial<WebhookEvent> {
	const direction = str(call.direction);
	// One Meta sample calls the user `to` on a user-initiated call; we follow the reference: the user is
	// `from` on USER_INITIATED, `to` on BUSINESS_INITIATED; BSUIDs when the number is absent.
	const user = direction === 'BUSINESS_INITIATED' ? str(call.to) ?? str(call.to_user_id) : str(call.from) ?? str(call.from_user_id);
	const who = isStatus ? str(call.recipient_id) : user;
	const contact = objects(value.contacts).find((c) => str(c.wa_id) === who) ?? objects(value.contacts)[0];
	const session = object(call.session);
	const legacySdp = str(object(object(call.connection).webrtc).sdp);
	const recording = object(object(call.call_recording).audio);
	const media = recording.id !== undefined ? recording : object(object(call.call_transcript).document);
	return {
		callId: str(call.id),
		messageId: undefined,
		from: isStatus ? undefined : user,
		contactName: str(object(contact?.profile).name),
		direction,
		// terminate's status is written COMPLETED, Completed or [COMPLETED] in Meta's pages.
		status: upper(call.status) ?? str(call.event),
		callStatus: upper(call.status),
		duration: num(call.duration),
		sdp: str(session.sdp) ?? legacySdp,
		sdpType: str(session.sdp_type) ?? (legacySdp ? (direction === 'USER_INITIATED' ? 'offer' : 'answer') : undefined),
		mediaId: str(media.id),
		mimeType: str(media.mime_type),
		// A failed terminate reports its errors beside `calls[]`, in `value.errors`.
		errors: Array.isArray(call.errors) ? objects(call.errors) : !isStatus && Array.isArray(value.errors) ? objects(value.errors) : undefined,
	};
}

/** A `messages[]` element that answers a call permission request (Meta's Obtain user call permissions page), or undefined. */
export function permissionReply(message: Json): Partial<WebhookEvent> | undefined {
	const interactive = object(message.interactive);
	if (interactive.type !== 'call_permission_reply') return undefined;
	const reply = object(interactive.call_permission_reply);
	return {
		kind: 'call_permission_reply',
		status: str(reply.response),
		text: str(reply.response),
		permanent: typeof reply.is_permanent === 'boolean' ? reply.is_permanent : undefined,
		expiresAt: isoTime(reply.expiration_timestamp),
		responseSource: str(reply.response_source),
	};
}

/** `account_settings_update` of a phone number (Meta's Configure call settings page): its id and calling status. */
export function callSettings(value: Json): Partial<WebhookEvent> {
	// Meta's table says PHONE_NUMBER_SETTINGS, its sample phone_number_settings.
	if (str(value.type)?.toLowerCase() !== 'phone_number_settings') return {};
	const settings = object(value.phone_number_settings);
	return { phoneNumberId: str(settings.phone_number_id), status: str(object(settings.calling).status) };
}
