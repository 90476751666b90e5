import type { GraphEmulator } from '../../emulator/server';
import type { InboundMessage } from '../../emulator/webhooks';
import { PHONE_NUMBER_ID } from './fixtures';

const media = (mime: string, extra: object = {}) => ({ mime_type: mime, sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=', id: '1003383421387256', ...extra });

/** One inbound message of every type of Meta's messages webhook reference. */
export const INBOUND_OF_EVERY_TYPE: InboundMessage[] = [
	{ type: 'text', content: { body: 'Does it come in another color?' } },
	{ type: 'text', content: { body: 'a reply' }, replyTo: 'wamid.original' },
	{ type: 'image', content: media('image/jpeg', { caption: 'Taj Mahal' }) },
	{ type: 'video', content: media('video/mp4') },
	{ type: 'audio', content: media('audio/ogg', { voice: true }) },
	{ type: 'document', content: media('application/pdf', { filename: 'invoice.pdf' }) },
	{ type: 'sticker', content: media('image/webp', { animated: false }) },
	{ type: 'location', content: { latitude: 48.85, longitude: 2.35, name: 'Paris' } },
	{ type: 'contacts', content: [{ name: { formatted_name: 'John Smith', first_name: 'John' }, phones: [{ phone: '+1 650 555 1234', type: 'CELL', wa_id: '16505551234' }] }] },
	{ type: 'interactive', content: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } } },
	{ type: 'interactive', content: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row 1', description: 'd' } } },
	{ type: 'button', content: { text: 'Confirm', payload: 'CONFIRM' } },
	{ type: 'reaction', content: { message_id: 'wamid.reacted', emoji: '👍' } },
	{ type: 'order', content: { catalog_id: '354160437058781', product_items: [{ product_retailer_id: 'SODA', quantity: 2, item_price: 10, currency: 'EUR' }] } },
	{ type: 'system', content: { body: 'User changed number', type: 'customer_changed_number', wa_id: '16505550000' } },
	{ type: 'request_welcome' },
];

/** Changes of every other kind the trigger splits, with the event kinds each should produce. */
export function otherChanges(emulator: GraphEmulator) {
	const w = emulator.webhooks;
	const sent = { id: 'wamid.sent-by-business', phoneNumberId: PHONE_NUMBER_ID, to: '16505551234', body: { biz_opaque_callback_data: 'order-4711' } };
	const metadata = { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID };
	return [
		w.status(sent, 'sent'),
		w.status(sent, 'delivered'),
		w.status(sent, 'read'),
		w.status({ ...sent, id: 'wamid.failed' }, 'failed', { code: 131026, title: 'Message undeliverable' }),
		w.templateStatus('594425479261596', 'APPROVED'),
		w.templateQuality('594425479261596', 'GREEN', 'YELLOW'),
		w.phoneNumberQuality(PHONE_NUMBER_ID, 'FLAGGED'),
		{ field: 'template_category_update', value: { message_template_id: 594425479261597, message_template_name: 'appointment_reminder', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' } },
		{ field: 'phone_number_name_update', value: { display_phone_number: '15550783881', decision: 'APPROVED', requested_verified_name: 'Flowpace' } },
		{ field: 'account_update', value: { event: 'PARTNER_ADDED', waba_info: { waba_id: '102290129340398' } } },
		{ field: 'business_capability_update', value: { max_daily_conversations_per_business: 1000, max_phone_numbers_per_business: 2 } },
		{ field: 'account_alerts', value: { alert_type: 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED', alert_description: 'later' } },
		{ field: 'user_preferences', value: { messaging_product: 'whatsapp', metadata, user_preferences: [{ wa_id: '16505551234', detail: 'stop', category: 'marketing_messages', value: 'stop', timestamp: 1731704400 }] } },
		{ field: 'group_lifecycle_update', value: { messaging_product: 'whatsapp', metadata, groups: [{ timestamp: '1755548877', group_id: 'Y2FwaV9ncm91cDox', type: 'group_create', subject: 'Inquiry', invite_link: 'https://chat.whatsapp.com/LINK' }] } },
		{ field: 'calls', value: { messaging_product: 'whatsapp', metadata, contacts: [{ profile: { name: 'Jane' }, wa_id: '16315553601' }], calls: [{ id: 'wacid.ABGG', from: '16315553601', to: '15550783881', event: 'connect', direction: 'USER_INITIATED', timestamp: '1671644824' }] } },
	];
}

export const OTHER_KINDS = [
	['status', 'sent'],
	['status', 'delivered'],
	['status', 'read'],
	['status', 'failed'],
	['template_status', 'APPROVED'],
	['template_quality', 'YELLOW'],
	['phone_number_quality', 'FLAGGED'],
	['template_category', 'MARKETING'],
	['phone_number_name', 'APPROVED'],
	['account_update', 'PARTNER_ADDED'],
	['business_capability', undefined],
	['account_alert', 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED'],
	['user_preference', undefined],
	['group_lifecycle', 'group_create'],
	['call_connect', 'connect'],
];
