import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reviewTemplate } from '../../emulator/routes/templates';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';

const CREDENTIAL = { whatsAppPlatformApi: { id: 'credTemplates001', name: 'credTemplates001' } };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 4000 }, (_, i) => i % 251)]);
const TRIGGER_WEBHOOK_ID = '0b6f3a44-1f2e-4c55-8a9d-3e7c2b1a0d9f';
const mapper = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: Object.keys(value).map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false })),
});
const whatsApp = (id: string, name: string, x: number, parameters: Record<string, unknown>) => ({ id, name, type: `${PACKAGE}.whatsAppPlatform`, typeVersion: 1, position: [x, 0], parameters, credentials: CREDENTIAL });
const chain = (names: string[]) => Object.fromEntries(names.slice(0, -1).map((from, i) => [from, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

/** Start → Code (a JPEG as base64) → Convert to File → Create (image header from the binary, waiting) → Send Template. */
function photoTemplateWorkflow(id: string, name: string) {
	return {
		id,
		name: id,
		active: false,
		settings: {},
		connections: chain(['Start', 'Photo', 'To File', 'Create', 'Send']),
		nodes: [
			{ id: 'n0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n1', name: 'Photo', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: `return [{ json: { data: '${JPEG.toString('base64')}' } }];` } },
			{ id: 'n2', name: 'To File', type: 'n8n-nodes-base.convertToFile', typeVersion: 1.1, position: [400, 0], parameters: { operation: 'toBinary', sourceProperty: 'data', options: { fileName: 'offer.jpg', mimeType: 'image/jpeg' } } },
			whatsApp('n3', 'Create', 600, {
				resource: 'template',
				operation: 'create',
				name,
				category: 'MARKETING',
				headerFormat: 'IMAGE',
				headerMediaSource: 'file',
				headerFileProperty: 'data',
				body: 'Our spring sale starts {{1}}!',
				bodyExamples: '["Monday"]',
				waitForApproval: true,
				pollIntervalSeconds: 5,
				approvalTimeoutMinutes: 2,
			}),
			whatsApp('n4', 'Send', 800, {
				resource: 'message',
				operation: 'sendTemplate',
				to: '+16505551234',
				template: { __rl: true, mode: 'name', value: `${name}|en_US` },
				templateParameters: mapper({ 'header.image': 'https://example.com/offer.jpg', 'body.1': 'Monday' }),
			}),
		],
	};
}

/** The id of the template the emulator has under this name, once it has it. */
async function templateNamed(emulator: GraphEmulator, name: string): Promise<string> {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const found = [...emulator.state.templates.values()].find((t) => t.name === name);
		if (found) return found.id;
		if (Date.now() > deadline) throw new Error(`no template ${name} was created`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

describe('templates with media samples and Wait for Approval in a real n8n 2.x', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: 'credTemplates001',
				name: 'credTemplates001',
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, appId: emulator.state.appId },
			},
		]);
	});

	afterAll(async () => {
		await n8n?.stop();
		await emulator?.stop();
	});

	it('creates a template whose image header comes from a binary file, waits for its approval by polling, then sends it', async () => {
		await n8n.importWorkflow(photoTemplateWorkflow('wfTemplates00001', 'n8n_photo_offer'));
		const running = n8n.execute('wfTemplates00001');
		const id = await templateNamed(emulator, 'n8n_photo_offer');
		reviewTemplate(emulator, id, 'APPROVED');
		const run = await running;
		expect(run.ok, run.output).toBe(true);

		const [created] = nodeOutput(run, 'Create') as Array<Record<string, any>>;
		expect(created).toMatchObject({ id, status: 'APPROVED', category: 'MARKETING', review: { via: 'polling', timedOut: false } });
		const sample = (emulator.state.templates.get(id)!.components[0].example as { header_handle: string[] }).header_handle[0];
		expect(emulator.state.uploads.handles.get(sample)?.bytes.equals(JPEG)).toBe(true);
		const upload = emulator.state.requests.find((r) => r.path === `/v24.0/${emulator.state.appId}/uploads`);
		expect(upload?.query).toMatchObject({ file_name: 'offer.jpg', file_length: String(JPEG.length), file_type: 'image/jpeg' });

		const [sent] = nodeOutput(run, 'Send') as Array<Record<string, any>>;
		expect(sent.messageId).toBe(emulator.state.messages[0].id);
		expect(emulator.state.messages[0].body.template).toMatchObject({ name: 'n8n_photo_offer', components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/offer.jpg' } }] }, expect.anything()] });
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});

	it('reports a rejection with its reason, by polling, and does not send', async () => {
		await n8n.importWorkflow(photoTemplateWorkflow('wfTemplates00002', 'n8n_rejected_offer'));
		const before = emulator.state.messages.length;
		const running = n8n.execute('wfTemplates00002');
		reviewTemplate(emulator, await templateNamed(emulator, 'n8n_rejected_offer'), 'REJECTED', 'PROMOTIONAL');
		const run = await running;
		const [created] = nodeOutput(run, 'Create') as Array<Record<string, any>>;
		expect(created).toMatchObject({ status: 'REJECTED', rejectedReason: 'PROMOTIONAL', review: { via: 'polling' } });
		// A rejected template cannot be sent (Meta's 132001): the workflow stops at Send, nothing went out.
		expect(run.ok).toBe(false);
		expect(emulator.state.messages).toHaveLength(before);
	});

	it('ends Wait for Approval on the status webhook its active trigger receives, without reading the template', async () => {
		await n8n.importWorkflow({
			id: 'wfTemplTrigger01',
			name: 'template reviews trigger',
			active: false,
			settings: {},
			connections: {},
			nodes: [
				{ id: 't1', name: 'Trigger', type: `${PACKAGE}.whatsAppPlatformTrigger`, typeVersion: 1, position: [0, 0], webhookId: TRIGGER_WEBHOOK_ID, parameters: { fields: [], options: {} }, credentials: CREDENTIAL },
			],
		});
		await n8n.importWorkflow({
			id: 'wfTemplCreate001',
			name: 'create and wait',
			active: false,
			settings: {},
			connections: chain(['Webhook', 'Create']),
			nodes: [
				{ id: 'w1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'create-template-hook', parameters: { httpMethod: 'POST', path: 'create-template', responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} } },
				whatsApp('w2', 'Create', 220, { resource: 'template', operation: 'create', name: 'n8n_webhook_reviewed', category: 'UTILITY', body: 'Your order has shipped.', waitForApproval: true, pollIntervalSeconds: 600, approvalTimeoutMinutes: 5 }),
			],
		});
		await n8n.activate('wfTemplTrigger01');
		await n8n.activate('wfTemplCreate001');
		await n8n.start(await freePort());
		const triggerUrl = `${n8n.url}/webhook/${TRIGGER_WEBHOOK_ID}/webhook`;
		const deadline = Date.now() + 120_000;
		while (emulator.state.subscriptions[0]?.overrideCallbackUri !== triggerUrl) {
			if (Date.now() > deadline) throw new Error(`The trigger did not subscribe the WABA:\n${n8n.serverOutput}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await n8n.triggerListening(triggerUrl);

		const answer = fetch(`${n8n.url}/webhook/create-template`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		const id = await templateNamed(emulator, 'n8n_webhook_reviewed');
		reviewTemplate(emulator, id, 'APPROVED');
		const response = await answer;
		expect(response.status, n8n.logTail(3000)).toBe(200);
		expect(await response.json()).toMatchObject({ id, status: 'APPROVED', review: { via: 'webhook', timedOut: false } });
		expect(emulator.state.requests.filter((r) => r.method === 'GET' && r.path === `/v24.0/${id}`)).toHaveLength(0);
	});
});
