/**
 * Webhook deliveries as one normalised event per inbound message, status and other update (Meta's
 * webhook references for messages, statuses, groups and calls). Every entry and every change of a
 * POST is walked: Meta batches up to 1,000 updates in one.
 */
import { callFields, callKind, CALL_KINDS, callSettings, permissionReply } from './calls';
import { groupFields, groupKeys } from './groups';
import type { WebhookEvent } from './event';
import { isObject, isoTime, objects, prune, str, type Json } from './json';

/**
 * Each field's event kind. A field with `split` yields one event per element of those arrays of
 * `value` (each with its own kind); the others yield one event per change.
 */
const FIELDS: Record<string, { kind: string; split?: Record<string, string> }> = {
	messages: { kind: 'message', split: { messages: 'message', statuses: 'status', errors: 'error' } },
	smb_message_echoes: { kind: 'message_echo', split: { message_echoes: 'message_echo' } },
	calls: { kind: 'call', split: { calls: 'call', statuses: 'call_status', errors: 'error' } },
	user_preferences: { kind: 'user_preference', split: { user_preferences: 'user_preference' } },
	group_lifecycle_update: { kind: 'group_lifecycle', split: { groups: 'group_lifecycle' } },
	group_participants_update: { kind: 'group_participants', split: { groups: 'group_participants' } },
	group_settings_update: { kind: 'group_settings', split: { groups: 'group_settings' } },
	group_status_update: { kind: 'group_status', split: { groups: 'group_status' } },
	message_template_status_update: { kind: 'template_status' },
	message_template_quality_update: { kind: 'template_quality' },
	message_template_components_update: { kind: 'template_components' },
	template_category_update: { kind: 'template_category' },
	phone_number_quality_update: { kind: 'phone_number_quality' },
	phone_number_name_update: { kind: 'phone_number_name' },
	account_update: { kind: 'account_update' },
	account_review_update: { kind: 'account_review' },
	account_alerts: { kind: 'account_alert' },
	account_settings_update: { kind: 'account_settings' },
	business_capability_update: { kind: 'business_capability' },
	security: { kind: 'security' },
	history: { kind: 'history' },
	smb_app_state_sync: { kind: 'smb_app_state_sync' },
	partner_solutions: { kind: 'partner_solutions' },
	payment_configuration_update: { kind: 'payment_configuration' },
	automatic_events: { kind: 'automatic_event' },
	flows: { kind: 'flow' },
};

/** Every field the trigger can filter on, for the editors' option lists. */
export const WEBHOOK_FIELDS = Object.keys(FIELDS);
export const STATUS_KINDS = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
/** Every event kind the trigger can filter on: calls split by their event, permission replies beside messages. */
export const EVENT_KINDS: readonly string[] = [
	...new Set(
		Object.values(FIELDS)
			.flatMap(({ kind, split }) => [...Object.values(split ?? {}), kind])
			.flatMap((kind) => (kind === 'call' ? Object.values(CALL_KINDS) : kind === 'message' ? [kind, 'call_permission_reply'] : [kind])),
	),
];

/** Thrown for a body that is not a WhatsApp webhook delivery (answered with 400). */
export class MalformedWebhookError extends Error {
	constructor(problem: string) {
		super(`Malformed webhook body: ${problem}`);
		this.name = 'MalformedWebhookError';
	}
}

/** Parses the raw bytes (after the signature check) and checks the envelope (object, entry[], changes[]). */
export function parseDelivery(raw: Uint8Array): Json {
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
	} catch {
		throw new MalformedWebhookError('not JSON');
	}
	if (!isObject(body)) throw new MalformedWebhookError('not a JSON object');
	if (body.object !== 'whatsapp_business_account') throw new MalformedWebhookError('"object" is not "whatsapp_business_account"');
	if (!Array.isArray(body.entry)) throw new MalformedWebhookError('"entry" is not an array');
	return body;
}

/** One event per inbound message, status and other update, across all entries and changes. */
export function normalise(body: Json): WebhookEvent[] {
	const events: WebhookEvent[] = [];
	for (const entry of objects(body.entry)) {
		for (const change of objects(entry.changes)) {
			const field = str(change.field) ?? 'unknown';
			const value = isObject(change.value) ? change.value : {};
			const base = changeBase(field, value, entry);
			const spec = FIELDS[field] ?? { kind: field };
			// A failed call terminate reports its errors beside `calls[]`: they belong to the call, not to an event of their own.
			const callErrors = field === 'calls' && Array.isArray(value.calls);
			const split = Object.entries(spec.split ?? {}).filter(([key]) => Array.isArray(value[key]) && !(callErrors && key === 'errors'));
			if (split.length === 0) {
				events.push(updateEvent(spec.kind, base, value, entry));
				continue;
			}
			for (const [key, kind] of split) {
				for (const item of objects(value[key])) {
					const own = { ...value, [key]: [item] };
					for (const [other] of split) if (other !== key) delete own[other];
					events.push(itemEvent(kind, { ...base, change: { field, value: own } }, value, item));
				}
			}
		}
	}
	return events;
}

function changeBase(field: string, value: Json, entry: Json) {
	const metadata = isObject(value.metadata) ? value.metadata : {};
	return {
		field,
		wabaId: str(entry.id),
		phoneNumberId: str(metadata.phone_number_id),
		displayPhoneNumber: str(metadata.display_phone_number) ?? str(value.display_phone_number),
		change: { field, value },
	};
}

/** A message, status, call, group or preference element of a change. */
function itemEvent(splitKind: string, base: ReturnType<typeof changeBase>, value: Json, item: Json): WebhookEvent {
	const kind = splitKind === 'call' ? callKind(item) : splitKind;
	const type = str(item.type);
	const from = str(item.from) ?? str(item.wa_id);
	const contact = objects(value.contacts).find((c) => str(c.wa_id) === from) ?? objects(value.contacts)[0];
	const profile = isObject(contact?.profile) ? contact.profile : {};
	const event: WebhookEvent = {
		kind,
		...base,
		from,
		contactName: kind === 'message' ? str(profile.name) : undefined,
		messageId: str(item.id) ?? str(item.message_id),
		messageType: kind === 'message' || kind === 'message_echo' ? type : undefined,
		status: str(item.status) ?? str(item.event),
		recipientId: str(item.recipient_id),
		pricing: isObject(item.pricing) ? item.pricing : undefined,
		conversation: isObject(item.conversation) ? item.conversation : undefined,
		errors: Array.isArray(item.errors) ? objects(item.errors) : kind === 'error' ? [item] : undefined,
		trackingData: str(item.biz_opaque_callback_data),
		timestamp: isoTime(item.timestamp),
		...groupKeys(item),
		item,
	};
	if (kind === 'message' || kind === 'message_echo') Object.assign(event, messageContent(item, type), kind === 'message' ? permissionReply(item) : undefined);
	if (kind.startsWith('group')) Object.assign(event, groupFields(item));
	if (splitKind === 'call' || splitKind === 'call_status') Object.assign(event, callFields(item, value, splitKind === 'call_status'));
	return prune(event);
}

/** The content keys a message type carries (Meta's messages webhook reference). */
function messageContent(message: Json, type: string | undefined) {
	const body = type && isObject(message[type]) ? (message[type] as Json) : {};
	const context = isObject(message.context) ? message.context : undefined;
	let text = str(body.body) ?? str(body.caption) ?? str(body.text);
	if (type === 'interactive') {
		const reply = objects([body.button_reply, body.list_reply, body.nfm_reply, body.call_permission_reply])[0] ?? {};
		text = str(reply.title) ?? str(reply.body) ?? str(reply.response);
	}
	const flow = type === 'interactive' && isObject(body.nfm_reply) ? flowAnswer(body.nfm_reply) : {};
	if (type === 'reaction') text = str(body.emoji);
	const hasMedia = ['image', 'video', 'audio', 'document', 'sticker'].includes(type ?? '');
	const quoted = context
		? prune({ from: str(context.from), messageId: str(context.id), forwarded: context.forwarded === true || undefined })
		: type === 'reaction'
			? { messageId: str(body.message_id) }
			: undefined;
	return {
		text,
		...flow,
		mediaId: hasMedia ? str(body.id) : undefined,
		mimeType: hasMedia ? str(body.mime_type) : undefined,
		context: quoted,
		contextMessageId: quoted?.messageId,
		...(type === 'interactive' ? interactiveReply(body) : type === 'button' ? { replyId: str(body.payload), replyTitle: str(body.text) } : {}),
	};
}

/**
 * What a user tapped, lifted to the top of the event: a reply button or list row (`id`, `title`).
 * A Flow's answer is read by flowAnswer.
 */
function interactiveReply(interactive: Json): Partial<WebhookEvent> {
	const choice = objects([interactive.button_reply, interactive.list_reply])[0];
	return choice ? { replyId: str(choice.id), replyTitle: str(choice.title) } : {};
}

/** A Flow's answer (Meta's Flows webhooks page): `response_json` is JSON as text, with the flow token. */
function flowAnswer(reply: Json) {
	let response: Json = {};
	try {
		const parsed: unknown = JSON.parse(str(reply.response_json) ?? '');
		if (isObject(parsed)) response = parsed;
	} catch {
		// Not JSON: the raw reply stays in `item`.
	}
	return { flowResponse: response, flowToken: str(response.flow_token), flowName: str(reply.name) };
}

/** A change that is one update as a whole: templates, quality, account events. */
function updateEvent(kind: string, base: ReturnType<typeof changeBase>, value: Json, entry: Json): WebhookEvent {
	return prune({
		kind,
		...base,
		from: str(value.message_template_id) ?? str(value.wa_id),
		status: str(value.event) ?? str(value.new_quality_score) ?? str(value.new_category) ?? str(value.decision) ?? str(value.alert_type),
		errors: Array.isArray(value.errors) ? objects(value.errors) : undefined,
		flowId: str(value.flow_id),
		timestamp: isoTime(value.timestamp ?? entry.time),
		...(base.field === 'account_settings_update' ? prune(callSettings(value)) : {}),
	});
}
