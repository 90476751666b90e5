import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { RedisServer } from '../../scripts/redisServer';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput, PACKAGE } from './n8nHost';

const USERS = 300;
const CREDENTIAL = 'credCampaign0001';

const whatsApp = (parameters: Record<string, unknown>) => ({
	id: 'n3',
	name: 'WhatsApp',
	type: `${PACKAGE}.whatsAppPlatform`,
	typeVersion: 1,
	position: [400, 0],
	// A refusal is the item's output, not the end of the run: n8n's "On Error: Continue".
	onError: 'continueRegularOutput',
	parameters,
	credentials: { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } },
});

/** Start -> Code (300 users) -> WhatsApp Send Template (spring_sale, campaign "spring"); or Start -> WhatsApp Get Report. */
function workflow(id: string, report = false) {
	const code = `return Array.from({ length: ${USERS} }, (_, i) => ({ json: { to: '+49151' + String(i).padStart(8, '0') } }));`;
	const send = { resource: 'message', operation: 'sendTemplate', to: '={{ $json.to }}', template: { __rl: true, mode: 'list', value: 'spring_sale|en_US' }, components: '[{"type":"body","parameters":[{"type":"text","text":"today"}]},{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"25OFF"}]}]', campaign: 'spring' };
	return {
		id,
		name: `campaign ${id}`,
		active: false,
		settings: {},
		connections: report
			? { Start: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } }
			: { Start: { main: [[{ node: 'Users', type: 'main', index: 0 }]] }, Users: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...(report ? [] : [{ id: 'n2', name: 'Users', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: code } }]),
			whatsApp(report ? { resource: 'campaign', operation: 'getReport', campaign: 'spring' } : send),
		],
	};
}

/**
 * Codes the emulator refused requests with, but 130429: a timer late on a loaded machine can cost a
 * throughput refusal, which the pacer retries (n8n.pacing.test.ts holds the pacer to it).
 */
const refusals = (emulator: GraphEmulator) =>
	emulator.state.requests.filter((r) => r.status >= 400).map((r) => (r.response as { error?: { code?: number } }).error?.code).filter((code) => code !== 130429);

describe('campaign safety in a real n8n 2.x, two executions (two processes) sharing Redis', () => {
	let emulator: GraphEmulator;
	let redis: RedisServer;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		redis = await RedisServer.start();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: CREDENTIAL,
				name: CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, redisUrl: redis.url, messagingLimit: 'auto' },
			},
		]);
		await n8n.importWorkflow(workflow('wfCampaign000001'));
		await n8n.importWorkflow(workflow('wfCampaignReport1', true));
	});

	afterAll(async () => {
		await emulator?.stop();
		await redis?.kill();
	});

	it('300 marketing templates at TIER_250: 250 sent, 50 refused before sending naming the tier; the next execution reaches the same 250 only; the report agrees', async () => {
		for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = 'TIER_250';
		const first = await n8n.execute('wfCampaign000001');
		expect(first.ok, first.output.slice(-2000)).toBe(true);
		const items = nodeOutput(first, 'WhatsApp');
		expect(items.filter((item) => typeof item.messageId === 'string')).toHaveLength(250);
		const refused = items.filter((item) => item.error);
		expect(refused).toHaveLength(50);
		for (const item of refused) {
			expect(item.error).toMatch(/^Messaging limit TIER_250 reached: 250 of 250 unique users reached in the last 24 hours by the portfolio; the oldest reach expires at /);
			expect(item).toMatchObject({ refused: 'messagingLimit', tier: 'TIER_250', limit: 250, count: 250 });
		}
		expect(emulator.state.messages).toHaveLength(250);
		expect(refusals(emulator)).toEqual([]);
		const reached = new Set(emulator.state.messages.map((m) => m.to));

		const second = await n8n.execute('wfCampaign000001');
		expect(second.ok, second.output.slice(-2000)).toBe(true);
		expect(emulator.state.messages).toHaveLength(500);
		expect(new Set(emulator.state.messages.slice(250).map((m) => m.to))).toEqual(reached);
		expect(refusals(emulator)).toEqual([]);

		const report = await n8n.execute('wfCampaignReport1');
		expect(report.ok, report.output.slice(-2000)).toBe(true);
		expect(nodeOutput(report, 'WhatsApp')[0]).toMatchObject({ campaign: 'spring', sent: emulator.state.messages.length, refused: { messagingLimit: 100, total: 100 } });
		for (const secret of SECRETS) expect(first.output + second.output).not.toContain(secret);
	});
});
