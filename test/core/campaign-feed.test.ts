import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STOP_CONFIRMATION, DEFAULT_STOP_KEYWORDS_TEXT, feedCampaign } from '../../nodes/shared/campaign/feed';
import { GraphClient } from '../../nodes/shared/graph/client';
import { normalise, type WebhookEvent } from '../../nodes/shared/webhook';
import { properties } from '../../nodes/WhatsAppPlatformTrigger/description';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { campaignRunner, change, marketing, metadata } from './campaign.helpers';
import { TOKEN } from './messaging.helpers';

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
afterAll(() => emulator.stop());

const inbound = (from: string, body: string) => change('messages', { messaging_product: 'whatsapp', metadata, messages: [{ from, id: `wamid.${from}${body}`, timestamp: '1700000000', type: 'text', text: { body } }] });

describe('the trigger and webhook node feed the campaign guard', () => {
	it('a stop keyword opts out and is confirmed by a text reply; the event carries the consent it recorded', async () => {
		emulator.reset();
		const { account, run } = campaignRunner(emulator);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		const events = normalise(inbound('16505557001', 'Unsubscribe'));
		await feedCampaign({ client, account }, events, {}, (message) => expect.fail(message));
		expect(events[0].consent).toEqual({ user: '16505557001', status: 'out', source: 'keyword' });
		expect(emulator.state.messages.map((m) => [m.to, m.type, (m.body.text as { body: string }).body])).toEqual([['16505557001', 'text', DEFAULT_STOP_CONFIRMATION]]);
		await expect(run('message', 'sendTemplate', marketing('+16505557001'))).rejects.toThrow(/opted out of marketing \(keyword/);

		// Keywords off, no reply: "stop" is just a message.
		emulator.reset();
		const quiet = normalise(inbound('16505557002', 'STOP'));
		await feedCampaign({ client, account }, quiet, { stopKeywords: '', stopConfirmation: '' }, () => undefined);
		expect(quiet[0].consent).toBeUndefined();
		expect(emulator.state.messages).toEqual([]);
	});

	it('a failed status carries its classification; 131050 opts the user out', async () => {
		const { account } = campaignRunner(emulator);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		const events: WebhookEvent[] = normalise(change('messages', { messaging_product: 'whatsapp', metadata, statuses: [{ id: 'wamid.f', status: 'failed', timestamp: '1', recipient_id: '16505557003', errors: [{ code: 131050, title: 'Unable to deliver the message' }] }] }));
		await feedCampaign({ client, account }, events, {}, () => undefined);
		expect(events[0].failure).toMatchObject({ code: 131050, permanentForUser: true, windowProblem: false, action: expect.stringMatching(/opt-out list/) });
		expect(events[0].consent).toEqual({ user: '16505557003', status: 'out', source: '131050' });
	});

	it('the forms show the core\'s defaults and say where account-level fields arrive', () => {
		const options = properties.find((p) => p.name === 'options')!.options as Array<{ name: string; default: unknown }>;
		expect(options.find((o) => o.name === 'stopKeywords')!.default).toBe(DEFAULT_STOP_KEYWORDS_TEXT);
		expect(options.find((o) => o.name === 'stopConfirmation')!.default).toBe(DEFAULT_STOP_CONFIRMATION);
		expect(properties.find((p) => p.name === 'fields')!.description).toMatch(/only to the app's callback URL, never to the override/);
		const html = readFileSync(join(__dirname, '../../nodes/node-red/whatsapp-platform-webhook.html'), 'utf8');
		expect(html).toContain(`stopKeywords: { value: '${DEFAULT_STOP_KEYWORDS_TEXT}' }`);
		expect(html).toContain(`stopConfirmation: { value: '${DEFAULT_STOP_CONFIRMATION}' }`);
	});
});
