import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reviewTemplate } from '../../emulator/routes/templates';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-templates-'));
const file = (id: string) => join(out, `${id}.jsonl`);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 4000 }, (_, i) => i % 251)]);

/** A file node appending each message's payload, one JSON line each. */
const fileNode = (id: string, x: number, y: number) => ({ id: `file-${id}`, type: 'file', z: 'tab1', filename: file(id), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [], x, y });

/**
 * The webhook node of the account (its reviews end the waits), and two rows: inject → function (a
 * JPEG Buffer in msg.payload) → manage Create with its image header from the Buffer, waiting →
 * send Send Template → file; and a Create that is rejected.
 */
function flows(baseUrl: string, appId: string) {
	const create = (id: string, name: string, y: number, next: string) => ({
		id: `create-${id}`,
		type: 'whatsapp-platform-manage',
		z: 'tab1',
		account: 'acct',
		resource: 'template',
		operation: 'create',
		params: { name, category: 'MARKETING', headerFormat: 'IMAGE', headerMediaSource: 'file', headerFileProperty: 'payload', body: 'Our spring sale starts {{1}}!', bodyExamples: '["Monday"]', waitForApproval: true, pollIntervalSeconds: '600', approvalTimeoutMinutes: '5' },
		wires: [[`file-${id}`, next]],
		x: 500,
		y,
	});
	const photo = (id: string, y: number) => [
		{ id: `inject-${id}`, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JPEG.toString('base64'), payloadType: 'str', wires: [[`photo-${id}`]], x: 100, y },
		{ id: `photo-${id}`, type: 'function', z: 'tab1', func: 'msg.payload = Buffer.from(msg.payload, "base64"); msg.mimeType = "image/jpeg"; msg.filename = "offer.jpg"; return msg;', outputs: 1, wires: [[`create-${id}`]], x: 300, y },
	];
	return [
		{ id: 'tab1', type: 'tab', label: 'WhatsApp templates' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'Flowpace account', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, appId },
		{ id: 'hook', type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path: '/whatsapp', wires: [[]], x: 100, y: 400 },
		...photo('approved', 40),
		create('approved', 'nr_photo_offer', 40, 'send-approved'),
		{
			id: 'send-approved',
			type: 'whatsapp-platform-send',
			z: 'tab1',
			account: 'acct',
			resource: 'message',
			operation: 'sendTemplate',
			params: { to: '+16505551234', template: 'nr_photo_offer|en_US', templateParameters: '{"header.image": "https://example.com/offer.jpg", "body.1": "Monday"}' },
			wires: [['file-sent']],
			x: 700,
			y: 40,
		},
		fileNode('approved', 700, 100),
		fileNode('sent', 900, 40),
		...photo('rejected', 200),
		create('rejected', 'nr_rejected_offer', 200, 'file-rejected'),
		fileNode('rejected', 700, 200),
	];
}

describe(`templates with media samples and Wait for Approval in a real Node-RED ${selectedHosts().nodeRed.version}`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	const lines = (id: string) => red.readJsonLines(file(id)) as any[];
	const templateNamed = (name: string) => red.waitFor(() => [...emulator.state.templates.values()].find((t) => t.name === name)?.id);

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url, emulator.state.appId), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
		await red.start();
		// The app's callback is the webhook node: Meta's template reviews come there.
		emulator.options.callbackUrl = `${red.url}/whatsapp`;
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('creates a template whose image header comes from a Buffer, waits for the APPROVED webhook, then sends it', async () => {
		await red.inject('inject-approved');
		const id = await templateNamed('nr_photo_offer');
		reviewTemplate(emulator, id, 'APPROVED');
		const [created] = await red.waitFor(() => (lines('approved').length ? lines('approved') : undefined));
		expect(created).toMatchObject({ id, status: 'APPROVED', category: 'MARKETING', review: { via: 'webhook', timedOut: false } });
		const sample = (emulator.state.templates.get(id)!.components[0].example as { header_handle: string[] }).header_handle[0];
		expect(emulator.state.uploads.handles.get(sample)?.bytes.equals(JPEG)).toBe(true);
		expect(emulator.state.requests.filter((r) => r.method === 'GET' && r.path === `/v24.0/${id}`)).toHaveLength(0);

		const [sent] = await red.waitFor(() => (lines('sent').length ? lines('sent') : undefined));
		expect(sent.messageId).toBe(emulator.state.messages[0].id);
		expect(emulator.state.messages[0].body.template).toMatchObject({ name: 'nr_photo_offer', components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/offer.jpg' } }] }, expect.anything()] });
	});

	it('reports a rejection from the REJECTED webhook with its reason', async () => {
		await red.inject('inject-rejected');
		reviewTemplate(emulator, await templateNamed('nr_rejected_offer'), 'REJECTED', 'INVALID_FORMAT');
		const [rejected] = await red.waitFor(() => (lines('rejected').length ? lines('rejected') : undefined));
		expect(rejected).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT', review: { via: 'webhook' } });
		for (const secret of SECRETS) expect(red.output).not.toContain(secret);
	});
});
