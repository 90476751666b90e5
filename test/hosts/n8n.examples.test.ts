import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson, metaSignature } from '../../emulator/webhooks';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeOutput, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';
import { REPO } from './pack';

interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	credentials?: Record<string, { id: string | null; name: string }>;
}
interface Workflow {
	name: string;
	nodes: WorkflowNode[];
}

/** The credential the examples name; n8n's import resolves it by name. */
const CREDENTIAL_NAME = 'WhatsApp Platform API account';
const EXAMPLES = ['template-campaign', 'receive-and-answer', 'media-in-and-out', 'manage-templates'] as const;
const example = (name: (typeof EXAMPLES)[number]) => JSON.parse(readFileSync(join(REPO, 'examples', 'n8n', `${name}.json`), 'utf8')) as Workflow;
/** Each example's id in this n8n: the file has none, as the editor's Import assigns one. */
const workflowId = (name: string) => `wfEx${name.replace(/[^a-z]/g, '').slice(0, 12)}`.padEnd(16, '0');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 4096 }, (_, i) => i % 253)]);
const PDF = Buffer.from('%PDF-1.4 a signed delivery note');

describe('the n8n example workflows, imported into a real n8n 2.x and run against the emulator', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	const triggerUrl = (workflow: Workflow) => `${n8n.url}/webhook/${workflow.nodes.find((node) => node.type === `${PACKAGE}.whatsAppPlatformTrigger`)!.webhookId}/webhook`;

	/** POSTs these changes to a trigger's production URL as Meta does: escaped, compact, signed with the app secret. */
	async function deliver(workflow: Workflow, changes: Array<{ field: string; value: Record<string, unknown> }>) {
		const body = Buffer.from(metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes }] }));
		const response = await fetch(triggerUrl(workflow), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) },
			body,
		});
		expect(response.status).toBe(200);
	}

	const sentTo = (waId: string) => emulator.state.messages.filter((m) => m.to === waId);
	const waitForSends = async (waId: string, count: number) => {
		const deadline = Date.now() + 60_000;
		while (sentTo(waId).length < count) {
			if (Date.now() > deadline) throw new Error(`${sentTo(waId).length} of ${count} sends to ${waId}; n8n said:\n${n8n.logTail(4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		return sentTo(waId);
	};

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: 'credExamples0001',
				name: CREDENTIAL_NAME,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			},
		]);
		for (const name of EXAMPLES) await n8n.importWorkflow({ ...example(name), id: workflowId(name) });
	});

	afterAll(async () => {
		await n8n?.stop();
		await emulator?.stop();
	});

	it('ships each workflow with the package\'s node types and its credential by name only', () => {
		for (const name of EXAMPLES) {
			const ours = example(name).nodes.filter((node) => node.type.startsWith(`${PACKAGE}.`));
			expect(ours.length, name).toBeGreaterThan(0);
			for (const node of ours) {
				expect([`${PACKAGE}.whatsAppPlatform`, `${PACKAGE}.whatsAppPlatformTrigger`]).toContain(node.type);
				expect(node.credentials).toEqual({ whatsAppPlatformApi: { id: null, name: CREDENTIAL_NAME } });
			}
		}
	});

	it('template campaign: one approved template per row of the list, with its values, tracking data and quick-reply payloads, paced', async () => {
		emulator.reset();
		const run = await n8n.execute(workflowId('template-campaign'));
		expect(run.ok, run.output).toBe(true);
		const sends = emulator.state.messages;
		expect(sends.map((m) => m.to)).toEqual(['16505551234', '16505551235', '4915112345678']);
		expect(sends[0].body).toMatchObject({
			type: 'template',
			biz_opaque_callback_data: 'reminder May 5 +16505551234',
			template: {
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: expect.arrayContaining([
					{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
					{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE' }] },
				]),
			},
		});
		expect(sends[2].body).toMatchObject({ template: { components: expect.arrayContaining([{ type: 'header', parameters: [{ type: 'text', text: 'Lena' }] }]) } });
		const items = nodeOutput(run, 'Send Reminder');
		expect(items.map((item) => item.messageId)).toEqual(sends.map((m) => m.id));
		for (const item of items) expect(item.pacing).toEqual({ waitedMs: expect.any(Number), retries: 0 });
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});

	it('manage templates: lists every template, creates one, reads it back by its ID and deletes it', async () => {
		emulator.reset();
		const seeded = [...emulator.state.templates.values()].map((t) => t.name);
		const run = await n8n.execute(workflowId('manage-templates'));
		expect(run.ok, run.output).toBe(true);
		expect(nodeOutput(run, 'Get Many').map((t) => t.name)).toEqual(expect.arrayContaining(seeded));
		const [created] = nodeOutput(run, 'Create');
		expect(created).toMatchObject({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
		expect(nodeOutput(run, 'Get')).toEqual([
			expect.objectContaining({ id: created.id, name: 'order_delay_notice', status: 'PENDING', components: expect.arrayContaining([expect.objectContaining({ type: 'BODY', example: { body_text: [['Jane', '4711']] } })]) }),
		]);
		expect(nodeOutput(run, 'Delete')).toEqual([expect.objectContaining({ deleted: true, name: 'order_delay_notice', templateId: created.id })]);
		expect(emulator.state.templates.has(String(created.id))).toBe(false);
		expect([...emulator.state.templates.values()].map((t) => t.name).sort()).toEqual([...seeded].sort());
	});

	describe('the trigger workflows, active in a running n8n', () => {
		beforeAll(async () => {
			await n8n.activate(workflowId('receive-and-answer'));
			await n8n.activate(workflowId('media-in-and-out'));
			await n8n.start(await freePort());
			// Activation subscribed the WABA (Meta's handshake passed); the tests post to each trigger's URL.
			const deadline = Date.now() + 120_000;
			while (emulator.state.subscriptions.filter((s) => s.overrideCallbackUri?.startsWith(`${n8n.url}/webhook/`)).length === 0) {
				if (Date.now() > deadline) throw new Error(`The triggers did not subscribe the WABA:\n${n8n.serverOutput}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			for (const name of ['receive-and-answer', 'media-in-and-out'] as const) await n8n.triggerListening(triggerUrl(example(name)));
		});

		it('receive and answer: a customer\'s message gets a text from the number that received it, quoting it', async () => {
			const workflow = example('receive-and-answer');
			const change = emulator.webhooks.inbound([{ from: '447700900123', name: 'Ada', type: 'text', content: { body: 'Where is my order?' }, id: 'wamid.inbound-question' }]);
			await deliver(workflow, [change]);
			const [answer] = await waitForSends('447700900123', 1);
			expect(answer.phoneNumberId).toBe(PHONE_NUMBER_ID);
			expect(answer.body).toMatchObject({
				type: 'text',
				context: { message_id: 'wamid.inbound-question' },
				text: { body: 'Thanks Ada, we got your message: "Where is my order?". We will get back to you within the hour.' },
			});
			// A status of that answer starts nothing (Events: message): still one send.
			await deliver(workflow, [emulator.webhooks.status(answer, 'delivered')]);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect(sentTo('447700900123')).toHaveLength(1);
		});

		it('media in and out: an image comes back uploaded and sent by its new ID, a document sent from the file, both with the same bytes', async () => {
			const workflow = example('media-in-and-out');
			const image = emulator.webhooks.inboundMedia(JPEG, 'image/jpeg', { caption: 'my receipt' });
			const document = emulator.webhooks.inboundMedia(PDF, 'application/pdf', { filename: 'delivery-note.pdf' });
			await deliver(workflow, [
				emulator.webhooks.inbound([
					{ from: '33612345678', type: 'image', content: image, id: 'wamid.inbound-image' },
					{ from: '33612345678', type: 'document', content: document, id: 'wamid.inbound-document' },
					{ from: '33612345678', type: 'text', content: { body: 'no file here' } },
				]),
			]);
			const sends = await waitForSends('33612345678', 2);
			const byType = Object.fromEntries(sends.map((m) => [m.type, m.body as Record<string, any>]));
			expect(Object.keys(byType).sort()).toEqual(['document', 'image']);

			expect(byType.image).toMatchObject({ context: { message_id: 'wamid.inbound-image' }, image: { caption: 'Your photo, received (4 KB)' } });
			const uploadedImage = emulator.state.media.get(byType.image.image.id)!;
			expect(byType.image.image.id).not.toBe(image.id);
			expect(uploadedImage.bytes.equals(JPEG)).toBe(true);

			expect(byType.document).toMatchObject({ context: { message_id: 'wamid.inbound-document' }, document: { caption: 'We received delivery-note.pdf', filename: 'delivery-note.pdf' } });
			const uploadedDocument = emulator.state.media.get(byType.document.document.id)!;
			expect(byType.document.document.id).not.toBe(document.id);
			expect(uploadedDocument.bytes.equals(PDF)).toBe(true);
			expect(uploadedDocument.mimeType).toBe('application/pdf');
			// Two uploads, both of the business number, and nothing sent for the text.
			expect(emulator.state.requests.filter((r) => r.method === 'POST' && r.path === `/v24.0/${PHONE_NUMBER_ID}/media`)).toHaveLength(2);
		});

		it('keeps every secret out of the server log', () => {
			for (const secret of SECRETS) expect(n8n.serverOutput).not.toContain(secret);
		});
	});
});
