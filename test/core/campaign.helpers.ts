import { findOperation } from '../../nodes/shared/catalog';
import { campaignFor } from '../../nodes/shared/campaign';
import { recordEvent } from '../../nodes/shared/campaign/events';
import type { AccountSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { runOperation } from '../../nodes/shared/run';
import { pacerFor } from '../../nodes/shared/run/pacers';
import { normalise } from '../../nodes/shared/webhook';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import type { GraphEmulator } from '../../emulator/server';
import { accountFor, TOKEN } from './messaging.helpers';

/** Spring sale (MARKETING) and order update (UTILITY), as the emulator seeds them. */
export const marketing = (to: string, campaign?: string) => ({ to, template: 'spring_sale|en_US', templateParameters: { 'body.1': 'today', 'button.0.copy_code': '25OFF' }, campaign });
export const utility = (to: string) => ({
	to,
	template: 'order_update|en_US',
	templateParameters: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Ana', 'body.order_number': '1', 'button.0.url': 'A' },
});

/** Distinct users: +1 650 555 xxxx from `from`. */
export const users = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `+1650${String(5550000 + from + i)}`);

/** Runs catalog operations as both hosts do, with the campaign settings of `overrides`. */
export function campaignRunner(emulator: GraphEmulator, overrides: Partial<AccountSettings> = {}) {
	const account = { ...accountFor(emulator), ...overrides };
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	// The process's pacer, as the hosts have it: the emulator holds each number to 80 messages per second.
	const pacer = pacerFor(account, { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), log: () => undefined });
	const run = (resource: string, operation: string, values: Record<string, unknown>) => runOperation(findOperation(resource, operation)!, values, { client, account, pacer });
	/** Each send's outcome: the message ID, or the refusal / error message. */
	const sendAll = async (values: Array<Record<string, unknown>>, operation = 'sendTemplate') => {
		const outcomes: Array<{ ok: boolean; error?: Error & { reason?: string } }> = [];
		for (const value of values) {
			try {
				await run('message', operation, value);
				outcomes.push({ ok: true });
			} catch (error) {
				outcomes.push({ ok: false, error: error as Error });
			}
		}
		return outcomes;
	};
	const state = () => campaignFor(account);
	/** A webhook delivery body, fed to the guard as the trigger and webhook node feed it. */
	const deliver = async (body: unknown, stopKeywords: string[] = []) => {
		const effects = [];
		for (const event of normalise(body as never)) effects.push(await recordEvent(state(), event, { stopKeywords }));
		return effects;
	};
	return { account, run, sendAll, state, deliver };
}

/** A webhook body of one change, as Meta sends it. */
export const change = (field: string, value: Record<string, unknown>, wabaId = '102290129340398') => ({
	object: 'whatsapp_business_account',
	entry: [{ id: wabaId, changes: [{ field, value }] }],
});

export const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };

export const preference = (waId: string, value: 'stop' | 'resume') =>
	change('user_preferences', {
		messaging_product: 'whatsapp',
		metadata,
		user_preferences: [{ wa_id: waId, detail: `User requested to ${value} marketing messages`, category: 'marketing_messages', value, timestamp: Math.floor(Date.now() / 1000) }],
	});
