import { describe, expect, it } from 'vitest';
import { WhatsAppPlatformTrigger } from '../../nodes/WhatsAppPlatformTrigger/WhatsAppPlatformTrigger.node';
import { DEFAULT_DEDUP_WINDOW_MS, STATUS_KINDS, WEBHOOK_FIELDS } from '../../nodes/shared/webhook';
import codex from '../../nodes/WhatsAppPlatformTrigger/WhatsAppPlatformTrigger.node.json';

describe('the n8n WhatsApp Platform Trigger description', () => {
	const { description, webhookMethods } = new WhatsAppPlatformTrigger();

	it('follows the trigger conventions: name, no inputs, the action node credential', () => {
		expect(description.name).toBe('whatsAppPlatformTrigger');
		expect(description.displayName).toBe('WhatsApp Platform Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.credentials).toEqual([{ name: 'whatsAppPlatformApi', required: true }]);
		expect(codex.node).toBe('@flowpace/n8n-nodes-whatsapp.whatsAppPlatformTrigger');
	});

	it('serves the handshake (GET setup) and the events (POST default) on one path, with the full lifecycle', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'webhook' }),
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook' }),
		]);
		expect(Object.keys(webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('offers every webhook field and status kind as filters, and a dedup window and media download', () => {
		const fields = description.properties.find((p) => p.name === 'fields');
		expect(fields?.options?.map((o) => (o as { value: string }).value)).toEqual(WEBHOOK_FIELDS);
		expect(WEBHOOK_FIELDS).toEqual(expect.arrayContaining(['messages', 'message_template_status_update', 'phone_number_quality_update', 'account_update', 'user_preferences', 'calls', 'group_lifecycle_update']));
		const options = description.properties.find((p) => p.name === 'options')?.options as Array<{ name: string; options?: Array<{ value: string }> }>;
		expect(options.map((o) => o.name).sort()).toEqual(['dedupWindowMinutes', 'downloadMedia', 'phoneNumberIds', 'statuses']);
		expect(options.find((o) => o.name === 'statuses')?.options?.map((o) => o.value)).toEqual([...STATUS_KINDS]);
		expect((options.find((o) => o.name === 'dedupWindowMinutes') as unknown as { default: number }).default).toBe(DEFAULT_DEDUP_WINDOW_MS / 60_000);
	});
});
