import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeError, nodeOutput, PACKAGE } from './n8nHost';
import { selectedHosts } from './toolchain';

const credential = (id: string, name: string, baseUrl: string, accessToken: string, httpClient?: 'keptOpen' | 'n8n') => ({
	id,
	name,
	type: 'whatsAppPlatformApi',
	data: { accessToken, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, ...(httpClient ? { httpClient } : {}) },
});

/** Start -> Code (`count` recipients) -> Send Text to each. */
function recipientsWorkflow(id: string, credentialId: string, count: number) {
	const code = `return Array.from({ length: ${count} }, (_, i) => ({ json: { to: '+49151' + String(i).padStart(8, '0') } }));`;
	const workflow = sendTextWorkflow(id, credentialId, { to: '={{ $json.to }}', body: 'Your order has shipped' });
	return {
		...workflow,
		connections: { Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] }, Recipients: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [workflow.nodes[0], { id: 'n3', name: 'Recipients', type: 'n8n-nodes-base.code', typeVersion: 2, position: [110, 0], parameters: { jsCode: code } }, workflow.nodes[1]],
	};
}

function sendTextWorkflow(id: string, credentialId: string, parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) {
	return {
		id,
		name: `send text ${id}`,
		active: false,
		settings: {},
		connections: { Start: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'WhatsApp',
				type: `${PACKAGE}.whatsAppPlatform`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'message', operation: 'sendText', ...parameters },
				credentials: { whatsAppPlatformApi: { id: credentialId, name: credentialId } },
				...settings,
			},
		],
	};
}

describe(`a real n8n ${selectedHosts().n8n.version} with the package installed from its tarball`, () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			credential('credGood00000001', 'credGood00000001', emulator.url, TOKEN),
			credential('credWrong0000001', 'credWrong0000001', emulator.url, 'EAAwrong-token-9876543210'),
			credential('credN8nClient001', 'credN8nClient001', emulator.url, TOKEN, 'n8n'),
		]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	it('sends a text through the emulator and outputs the message id', async () => {
		await n8n.importWorkflow(
			sendTextWorkflow('wfSendText000001', 'credGood00000001', { to: '+1 (650) 555-1234', body: 'Your order 4711 has shipped', previewUrl: true }),
		);
		const run = await n8n.execute('wfSendText000001');
		expect(run.ok, run.output).toBe(true);

		const sent = emulator.state.requests.filter((r) => r.path.endsWith('/messages'));
		expect(sent).toHaveLength(1);
		expect(sent[0].path).toBe(`/v24.0/${PHONE_NUMBER_ID}/messages`);
		expect(sent[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+16505551234',
			type: 'text',
			text: { body: 'Your order 4711 has shipped', preview_url: true },
		});
		const [item] = nodeOutput(run, 'WhatsApp');
		expect(item.messageId).toBe(emulator.state.messages[0].id);
		expect(item.messageId).toMatch(/^wamid\./);
		expect(item.waId).toBe('16505551234');
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});

	it('reports a wrong token as a readable error that names code 190, without the token', async () => {
		emulator.reset();
		await n8n.importWorkflow(sendTextWorkflow('wfWrongToken0001', 'credWrong0000001', { to: '+16505551234', body: 'hi' }));
		const run = await n8n.execute('wfWrongToken0001');
		expect(run.ok).toBe(false);
		const error = nodeError(run, 'WhatsApp') ?? run.result?.data.resultData.error;
		expect(error?.message).toContain('WhatsApp error 190');
		expect(error?.message).toMatch(/access token/i);
		expect(emulator.state.messages).toHaveLength(0);
		for (const secret of [...SECRETS, 'EAAwrong-token-9876543210']) expect(run.output).not.toContain(secret);
	});

	it('refuses an invalid recipient before any request, and continueOnFail turns it into an item', async () => {
		emulator.reset();
		await n8n.importWorkflow(
			sendTextWorkflow('wfBadRecipient01', 'credGood00000001', { to: '030 1234567', body: 'hi' }, { onError: 'continueRegularOutput' }),
		);
		const run = await n8n.execute('wfBadRecipient01');
		expect(run.ok, run.output).toBe(true);
		const [item] = nodeOutput(run, 'WhatsApp');
		expect(item.error).toContain('Recipient Phone Number or Group ID (to)');
		expect(item.error).toContain('country code');
		expect(emulator.state.requests).toHaveLength(0);
	});

	// The default keeps connections open (no TCP or TLS handshake per message); n8n's own HTTP
	// helper, for an outbound proxy, builds a new connection for every request.
	it.each([
		['kept open (the default)', 'credGood00000001', 'wfKeptOpen000001'],
		["n8n's (for an outbound proxy)", 'credN8nClient001', 'wfN8nClient00001'],
	])('sends 20 items, the HTTP client %s', async (client, credentialId, workflowId) => {
		emulator.reset();
		await n8n.importWorkflow(recipientsWorkflow(workflowId, credentialId, 20));
		const run = await n8n.execute(workflowId);
		expect(run.ok, run.output.slice(-2000)).toBe(true);
		expect(emulator.state.messages).toHaveLength(20);
		expect(nodeOutput(run, 'WhatsApp').every((item) => /^wamid\./.test(item.messageId as string))).toBe(true);
		if (client.startsWith("n8n's")) expect(emulator.connectionsOpened).toBe(20);
		else expect(emulator.connectionsOpened).toBeLessThan(10);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});
});
