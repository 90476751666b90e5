import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput, PACKAGE } from './n8nHost';

const ITEMS = 1000;

/** Start -> Code (1,000 recipients) -> WhatsApp Send Text with `to` from each item. */
function campaignWorkflow(id: string, credentialId: string) {
	const code = `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { to: '+49151' + String(i).padStart(8, '0') } }));`;
	return {
		id,
		name: `campaign ${id}`,
		active: false,
		settings: {},
		connections: {
			Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n2', name: 'Recipients', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: code } },
			{
				id: 'n3',
				name: 'WhatsApp',
				type: `${PACKAGE}.whatsAppPlatform`,
				typeVersion: 1,
				position: [400, 0],
				parameters: { resource: 'message', operation: 'sendText', to: '={{ $json.to }}', body: 'Spring sale starts tomorrow' },
				credentials: { whatsAppPlatformApi: { id: credentialId, name: credentialId } },
			},
		],
	};
}

describe('pacing in a real n8n 2.x: one execution of 1,000 items', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: 'credPacing000001',
				name: 'credPacing000001',
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, throughput: 'standard', maxWaitSeconds: '120' },
			},
		]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	it('sends every item, never over 80 msg/s and with zero limit errors, and each item says how long it waited', async () => {
		await n8n.importWorkflow(campaignWorkflow('wfPacing00000001', 'credPacing000001'));
		const run = await n8n.execute('wfPacing00000001');
		expect(run.ok, run.output.slice(-2000)).toBe(true);

		expect(emulator.state.messages).toHaveLength(ITEMS);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		// Speed belongs to the benchmark; printed here only to see what this host reached on this machine.
		const times = emulator.state.messages.map((m) => m.at);
		// eslint-disable-next-line no-console
		console.log(`n8n: ${times.length} messages at ${((times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000)).toFixed(1)} msg/s over ${emulator.connectionsOpened} connections`);

		// Connections kept open (the credential's default HTTP client): not one per message.
		expect(emulator.connectionsOpened).toBeLessThan(ITEMS / 10);

		const items = nodeOutput(run, 'WhatsApp');
		expect(items).toHaveLength(ITEMS);
		expect(items.map((item) => item.waId)).toEqual(Array.from({ length: ITEMS }, (_, i) => `49151${String(i).padStart(8, '0')}`));
		expect(items.every((item) => /^wamid\./.test(item.messageId as string))).toBe(true);
		const waited = items.map((item) => (item.pacing as { waitedMs: number; retries: number }).waitedMs);
		// ITEM_CONCURRENCY (400) items start at once; at 80/s the last of them waits at least 399 / 80 s.
		expect(Math.max(...waited)).toBeGreaterThan(4_900);
		expect(Math.min(...waited)).toBeGreaterThanOrEqual(0);
		expect(items.every((item) => (item.pacing as { retries: number }).retries === 0)).toBe(true);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});
});
