import type { Json } from './json';

/** One normalised webhook event: an inbound message, a status or another update (see events.ts). */
export interface WebhookEvent {
	/**
	 * What happened: `message`, `status`, `template_status`, `call_connect`, `group_participants`, …
	 * (EVENT_KINDS). Calls get one kind per `calls[].event`; a call permission reply is not a `message`.
	 */
	kind: string;
	/** The webhook field the change came in (`changes[].field`). */
	field: string;
	wabaId?: string;
	phoneNumberId?: string;
	displayPhoneNumber?: string;
	/**
	 * The user who wrote (inbound) or the id of the object the update is about. For calls, the user
	 * whichever way the call goes; for group events, the participant who acted (asked to join, left,
	 * joined alone by link).
	 */
	from?: string;
	contactName?: string;
	messageId?: string;
	messageType?: string;
	/** The text of a text message, caption, button or reply title, reaction emoji. */
	text?: string;
	mediaId?: string;
	mimeType?: string;
	/** The message this one replies to (`context`). */
	context?: { from?: string; messageId?: string; forwarded?: boolean };
	/** The id of the message this one replies to or reacts to (`context.id`): a question's wamid for its answer. */
	contextMessageId?: string;
	/** The id of the reply button or list row tapped, or the payload of a template's quick-reply button. */
	replyId?: string;
	/** The title of the reply button or list row tapped, or the text of a template's quick-reply button. */
	replyTitle?: string;
	/**
	 * When the user's 24-hour customer service window with this business number closes (ISO 8601):
	 * set on the user's messages and calls, and on events about a user the account's conversation
	 * store has heard from.
	 */
	windowOpenUntil?: string;
	/**
	 * sent, delivered, read, played, failed; or the `event` of a template/account update; a group
	 * event's `type` (group_create, group_participants_add, …); a call's status in upper case
	 * (COMPLETED, FAILED, RINGING, ACCEPTED, REJECTED) or else its `event`; accept/reject of a call
	 * permission reply; the calling status (ENABLED, DISABLED) of an account_settings update.
	 */
	status?: string;
	recipientId?: string;
	pricing?: Json;
	conversation?: Json;
	errors?: Json[];
	/** `biz_opaque_callback_data`, as given when the message was sent. */
	trackingData?: string;
	/** ISO 8601. */
	timestamp?: string;
	/** The group of a group event, of an inbound group message (`group_id`) or of a status of a group send. */
	groupId?: string;
	/** Set on group events a business call caused: the `request_id` that call returned, to correlate. */
	requestId?: string;
	/** The participant a status of a group send is about (`recipient_participant_id`). */
	participantId?: string;
	/** The participants a group_participants event adds or removes, as sent (`added_participants` / `removed_participants`). */
	participants?: Json[];
	/** The call's wacid (calls and call statuses; `messageId` is not set for them). */
	callId?: string;
	/** USER_INITIATED or BUSINESS_INITIATED. */
	direction?: string;
	/** The SDP of a call_connect: the user's offer, or Meta's answer to the business's offer. */
	sdp?: string;
	/** `offer` or `answer`. */
	sdpType?: string;
	/** The call's own status in upper case: COMPLETED/FAILED (terminate), RINGING/ACCEPTED/REJECTED (call_status). */
	callStatus?: string;
	/** Seconds, on a terminate of an answered call. */
	duration?: number;
	/** A call permission reply: whether the permission is permanent, as sent. */
	permanent?: boolean;
	/** A call permission reply: when a temporary permission ends (ISO 8601). */
	expiresAt?: string;
	/** A call permission reply: `user_action` or `automatic` (a callback grant, or a revocation after unanswered calls). */
	responseSource?: string;
	/** A Flow's answer (`nfm_reply`): its `response_json`, parsed; `{}` when it is not JSON. */
	flowResponse?: Json;
	/** The `flow_token` of a Flow's answer, as chosen at send time; missing from some iOS clients. */
	flowToken?: string;
	/**
	 * `nfm_reply.name`: `flow` for a Flow's answer, `address_message` for an address. The webhook
	 * names no Flow ID: join the answer to its send by `flowToken` (or `context.messageId`).
	 */
	flowName?: string;
	/** The Flow of a `flows` webhook event (status changes, health alerts). */
	flowId?: string;
	/** A failed status, classified (campaign/failures.ts): permanent for the user, a limit to wait for, a window problem, what to do. */
	failure?: import('../campaign/failures').FailureClass;
	/** The opt-in or opt-out this event recorded (user_preferences, 131050, a stop keyword). */
	consent?: { user: string; status: 'in' | 'out'; source: string };
	/** The item of the change this event was split from (a message, a status, …). */
	item?: Json;
	/**
	 * The raw change `{ field, value }`. For a split event, `value` holds only this event's item
	 * in its array (metadata and contacts kept): a run per item stays small even when one POST
	 * batches 1,000 updates.
	 */
	change: { field: string; value: Json };
}
