import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput as rawOutput, PACKAGE, type N8nRun } from './n8nHost';

/** A node's items without the pacer's report (`pacing`), which every item carries. */
const nodeOutput = (run: N8nRun, name: string) => rawOutput(run, name).map(({ pacing: _pacing, ...json }) => json as Record<string, any>);

const CREDENTIAL = 'credManage000001';
const REMINDER_ID = '594425479261597';
const DAY_MS = 86_400_000;

/** Start → each node in turn; every WhatsApp node uses the credential. */
function chain(id: string, nodes: Array<{ name: string; parameters: Record<string, unknown>; executeOnce?: boolean }>) {
	const names = ['Start', ...nodes.map((n) => n.name)];
	return {
		id,
		name: id,
		active: false,
		settings: {},
		connections: Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }])),
		nodes: [
			{ id: `${id}-0`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...nodes.map((node, i) => ({
				id: `${id}-${i + 1}`,
				name: node.name,
				type: `${PACKAGE}.whatsAppPlatform`,
				typeVersion: 1,
				position: [220 * (i + 1), 0],
				parameters: node.parameters,
				credentials: { whatsAppPlatformApi: { id: CREDENTIAL, name: CREDENTIAL } },
				...(node.executeOnce ? { executeOnce: true } : {}),
			})),
		],
	};
}

/** A reminder template sent through the emulator, as a flow would send it. */
async function sendReminder(emulator: GraphEmulator) {
	const response = await fetch(`${emulator.url}/v24.0/${PHONE_NUMBER_ID}/messages`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			messaging_product: 'whatsapp',
			to: '+16505551234',
			type: 'template',
			template: {
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
				],
			},
		}),
	});
	expect(response.status).toBe(200);
}

describe('account management in a real n8n 2.x', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: CREDENTIAL,
				name: CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			},
		]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	it('creates a template, lists all templates across pages one item each, and deletes it', async () => {
		for (let i = 0; i < 120; i++) {
			const id = String(700_000_000_000_000 + i);
			emulator.state.templates.set(id, { id, name: `bulk_${i}`, language: 'en_US', category: 'MARKETING', status: 'APPROVED', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hi' }], created_at: i + 1 });
		}
		const buttons = [{ type: 'QUICK_REPLY', text: 'Stop updates' }, { type: 'URL', text: 'Track', url: 'https://x.com/t/{{1}}', example: ['https://x.com/t/A1'] }];
		await n8n.importWorkflow(
			chain('wfManageTmpl0001', [
				{
					name: 'Create',
					parameters: { resource: 'template', operation: 'create', name: 'n8n_order_update', category: 'UTILITY', body: 'Your order {{1}} has shipped.', bodyExamples: '["860198"]', footer: 'Lucky Shrub', buttons: JSON.stringify(buttons) },
				},
				{ name: 'List', parameters: { resource: 'template', operation: 'getMany', returnAll: true } },
				{ name: 'Delete', parameters: { resource: 'template', operation: 'delete', name: 'n8n_order_update' }, executeOnce: true },
			]),
		);
		const run = await n8n.execute('wfManageTmpl0001');
		expect(run.ok, run.output).toBe(true);

		const [created] = nodeOutput(run, 'Create');
		expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
		const creation = emulator.state.requests.find((r) => r.method === 'POST' && r.path.endsWith('/message_templates'));
		expect(creation?.body).toMatchObject({
			name: 'n8n_order_update',
			language: 'en_US',
			components: [
				{ type: 'BODY', text: 'Your order {{1}} has shipped.', example: { body_text: [['860198']] } },
				{ type: 'FOOTER', text: 'Lucky Shrub' },
				{ type: 'BUTTONS', buttons },
			],
		});

		const listed = nodeOutput(run, 'List');
		expect(listed).toHaveLength(126);
		expect(listed.find((t) => t.id === created.id)).toMatchObject({ name: 'n8n_order_update', status: 'PENDING' });
		const pages = emulator.state.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/message_templates'));
		expect(pages).toHaveLength(2);
		expect(pages[1].query.after).toBeTruthy();

		expect(nodeOutput(run, 'Delete')).toEqual([{ deleted: true, name: 'n8n_order_update' }]);
		expect(emulator.state.templates.has(String(created.id))).toBe(false);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});

	it('gets a phone number and a template analytics report, one item per day', async () => {
		emulator.reset();
		for (let i = 0; i < 3; i++) await sendReminder(emulator);
		const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
		await n8n.importWorkflow(
			chain('wfManageRept0001', [
				{ name: 'Phone', parameters: { resource: 'phoneNumber', operation: 'get' } },
				{ name: 'Insights', parameters: { resource: 'analytics', operation: 'enableTemplateInsights' } },
				{
					name: 'Report',
					parameters: { resource: 'analytics', operation: 'getTemplate', start: new Date(today - DAY_MS).toISOString(), end: new Date(today + DAY_MS).toISOString(), templateIds: REMINDER_ID },
				},
			]),
		);
		const run = await n8n.execute('wfManageRept0001');
		expect(run.ok, run.output).toBe(true);
		expect(nodeOutput(run, 'Phone')).toEqual([
			expect.objectContaining({ id: PHONE_NUMBER_ID, display_phone_number: '15550783881', verified_name: 'Flowpace Demo', quality_rating: 'GREEN', throughput: { level: 'STANDARD' }, whatsapp_business_manager_messaging_limit: 'TIER_2K', name_status: 'APPROVED', code_verification_status: 'VERIFIED' }),
		]);
		expect(nodeOutput(run, 'Insights')).toEqual([{ id: WABA_ID, templateInsightsEnabled: true }]);
		const report = nodeOutput(run, 'Report');
		expect(report).toEqual([
			{ start: new Date(today - DAY_MS).toISOString(), end: new Date(today).toISOString(), template_id: REMINDER_ID, sent: 0, delivered: 0, read: 0, clicked: [], clicks: 0 },
			{ start: new Date(today).toISOString(), end: new Date(today + DAY_MS).toISOString(), template_id: REMINDER_ID, sent: 3, delivered: 3, read: 3, clicked: [], clicks: 0 },
		]);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});
});
