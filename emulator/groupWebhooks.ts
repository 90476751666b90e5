import type { GraphError } from './graphError';
import type { GraphEmulator } from './server';
import type { SentMessage } from './state';

/**
 * The webhooks of groups (Meta's Webhooks for Groups API page): the group events of the group routes
 * and the statuses of a group send. Apart from webhooks.ts, which delivers every field's webhooks,
 * so the group-only shapes are found next to each other.
 */

type Json = Record<string, unknown>;
type Change = { field: string; value: Json };

/**
 * POSTs one group webhook after the HTTP answer: `{messaging_product, metadata, groups: [event]}`
 * under `field`, each event with its timestamp (a string, as most of Meta's samples have it).
 */
export function notifyGroup(emulator: GraphEmulator, field: string, phoneNumberId: string, event: Json) {
	const number = emulator.state.phoneNumbers.get(phoneNumberId);
	const value = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: number?.display_phone_number ?? '', phone_number_id: phoneNumberId },
		groups: [{ timestamp: String(Math.floor(emulator.clock.now() / 1000)), ...event }],
	};
	emulator.webhooks.sendAfterAnswer([{ field, value }]);
}

/** The error object a group webhook carries for a failed item. */
export const webhookError = (error: GraphError) => ({ code: error.code, message: error.title, title: error.title, error_data: { details: error.details ?? error.title } });

/**
 * `messages` statuses of a group send, made from the one-recipient status `change` of the
 * same message and status: `sent` once for the group with `recipient_type: "group"`; `delivered`
 * and `read` per participant (`recipient_participant_id`).
 */
export function groupStatus(change: Change, message: Pick<SentMessage, 'body'>, status: string, participants: string[]): Change {
	const value = change.value as unknown as Json & { statuses: Json[] };
	const [item] = value.statuses;
	const category = message.body?.type === 'template' ? 'group_marketing' : 'group_service';
	const pricing = item.pricing ? { pricing: { ...(item.pricing as Json), category } } : {};
	if (status === 'delivered' || status === 'read') {
		value.statuses = participants.map((waId) => ({ ...item, ...pricing, recipient_type: 'group', recipient_participant_id: waId }));
		value.contacts = participants.map((waId) => ({ profile: { name: 'Group Participant' }, wa_id: waId }));
	} else {
		value.statuses = [{ ...item, ...pricing, recipient_type: 'group' }];
		delete value.contacts;
	}
	return change;
}
