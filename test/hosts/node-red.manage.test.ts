import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-manage-'));
const file = (id: string) => join(out, `${id}.jsonl`);
const ERRORS = file('errors');
const REMINDER_ID = '594425479261597';
const DAY_MS = 86_400_000;
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;

/** One row per operation: inject → whatsapp-platform-manage → file of its own. */
function flows(baseUrl: string) {
	const rows: Array<[string, string, string, Record<string, unknown>, boolean?]> = [
		['create', 'template', 'create', { name: 'nr_order_update', category: 'UTILITY', body: 'Your order {{1}} has shipped.', bodyExamples: '["860198"]' }],
		['list', 'template', 'getMany', { returnAll: true }],
		['delete', 'template', 'delete', { name: 'nr_order_update' }],
		['phone', 'phoneNumber', 'get', {}],
		['insights', 'analytics', 'enableTemplateInsights', {}],
		['report', 'analytics', 'getTemplate', { start: new Date(today - DAY_MS).toISOString(), end: new Date(today + DAY_MS).toISOString(), templateIds: REMINDER_ID }, true],
		['invalid', 'template', 'create', { name: 'Bad Name', category: 'UTILITY', body: 'Hi' }],
	];
	return [
		{ id: 'tab1', type: 'tab', label: 'WhatsApp manage' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'Flowpace account', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },
		...rows.flatMap(([id, resource, operation, params, split], i) => [
			{ id: `inject-${id}`, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'str', wires: [[`manage-${id}`]], x: 100, y: 40 + 60 * i },
			{ id: `manage-${id}`, type: 'whatsapp-platform-manage', z: 'tab1', account: 'acct', resource, operation, params, split: Boolean(split), wires: [[`file-${id}`]], x: 300, y: 40 + 60 * i },
			{ id: `file-${id}`, type: 'file', z: 'tab1', filename: file(id), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [], x: 500, y: 40 + 60 * i },
		]),
		// Nodes without x/y count as config nodes, and an id equal to a property (type, name) as a self-reference.
		{ id: 'catch-errors', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['shape-error']], x: 100, y: 500 },
		{ id: 'shape-error', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"error": error, "whatsappError": whatsappError}', tot: 'jsonata' }], wires: [['errors']], x: 300, y: 500 },
		{ id: 'errors', type: 'file', z: 'tab1', filename: ERRORS, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [], x: 500, y: 500 },
	];
}

describe(`account management in a real Node-RED ${selectedHosts().nodeRed.version}`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	const lines = (id: string) => red.readJsonLines(file(id)) as any[];
	const run = async (id: string, count = 1) => {
		await red.inject(`inject-${id}`);
		return red.waitFor(() => lines(id).length >= count && lines(id));
	};

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('creates a template, lists every template across pages as one array, and deletes it', async () => {
		for (let i = 0; i < 120; i++) {
			const id = String(700_000_000_000_000 + i);
			emulator.state.templates.set(id, { id, name: `bulk_${i}`, language: 'en_US', category: 'MARKETING', status: 'APPROVED', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hi' }], created_at: i + 1 });
		}
		const [created] = await run('create');
		expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
		expect(emulator.state.templates.get(created.id)).toMatchObject({ name: 'nr_order_update', components: [{ type: 'BODY', example: { body_text: [['860198']] } }] });

		const [listed] = await run('list');
		expect(listed).toHaveLength(126);
		expect(listed.find((t: any) => t.id === created.id)).toMatchObject({ name: 'nr_order_update' });
		expect(emulator.state.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/message_templates'))).toHaveLength(2);

		const [deleted] = await run('delete');
		expect(deleted).toEqual({ deleted: true, name: 'nr_order_update' });
		expect(emulator.state.templates.has(created.id)).toBe(false);
	});

	it('gets a phone number', async () => {
		const [phone] = await run('phone');
		expect(phone).toMatchObject({ id: PHONE_NUMBER_ID, display_phone_number: '15550783881', verified_name: 'Flowpace Demo', quality_rating: 'GREEN', throughput: { level: 'STANDARD' }, name_status: 'APPROVED' });
	});

	it('reports template analytics as one message per day, after enabling insights', async () => {
		for (let i = 0; i < 2; i++) {
			const response = await fetch(`${emulator.url}/v24.0/${PHONE_NUMBER_ID}/messages`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					messaging_product: 'whatsapp',
					to: '+16505551234',
					type: 'template',
					template: { name: 'appointment_reminder', language: { code: 'en_US' }, components: [{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] }, { type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] }] },
				}),
			});
			expect(response.status).toBe(200);
		}
		await run('insights');
		const points = await run('report', 2);
		expect(points).toEqual([
			{ start: new Date(today - DAY_MS).toISOString(), end: new Date(today).toISOString(), template_id: REMINDER_ID, sent: 0, delivered: 0, read: 0, clicked: [], clicks: 0 },
			{ start: new Date(today).toISOString(), end: new Date(today + DAY_MS).toISOString(), template_id: REMINDER_ID, sent: 2, delivered: 2, read: 2, clicked: [], clicks: 0 },
		]);
	});

	it('sends invalid input to Catch nodes naming the field, before any request, with no secret anywhere', async () => {
		const before = emulator.state.requests.length;
		await red.inject('inject-invalid');
		const [caught] = (await red.waitFor(() => red.readJsonLines(ERRORS).length >= 1 && red.readJsonLines(ERRORS))) as any[];
		expect(caught.error.message).toContain('Invalid Name (name): "Bad Name" may hold only lowercase letters, digits and underscores');
		expect(emulator.state.requests.slice(before).filter((r) => r.path.endsWith('/message_templates'))).toHaveLength(0);
		const everything = red.output + JSON.stringify(caught);
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
	});
});
