import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, nodeError, nodeOutput, PACKAGE } from './n8nHost';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 3000 }, (_, i) => i % 251)]);
const WAMID = 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTk';

/** A chain Start → node 1 → node 2 → …; each WhatsApp node gets the previous node's item. */
function chain(id: string, steps: Array<{ name: string; parameters: Record<string, unknown>; settings?: Record<string, unknown> }>) {
	const names = ['Start', ...steps.map((s) => s.name)];
	return {
		id,
		name: `messaging ${id}`,
		active: false,
		settings: {},
		connections: Object.fromEntries(names.slice(0, -1).map((from, i) => [from, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }])),
		nodes: [
			{ id: 'n0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			...steps.map((step, i) => ({
				id: `n${i + 1}`,
				name: step.name,
				type: `${PACKAGE}.whatsAppPlatform`,
				typeVersion: 1,
				position: [220 * (i + 1), 0],
				parameters: step.parameters,
				credentials: { whatsAppPlatformApi: { id: 'credMessaging001', name: 'credMessaging001' } },
				...step.settings,
			})),
		],
	};
}

/** Start → Code (one item per message object) → Send Message (JSON) and, beside it, Send Contacts given the same items. */
function anyMessageWorkflow(id: string, messages: unknown[]) {
	const credentials = { whatsAppPlatformApi: { id: 'credMessaging001', name: 'credMessaging001' } };
	const whatsApp = (n: number, name: string, parameters: Record<string, unknown>) => ({ id: `n${n}`, name, type: `${PACKAGE}.whatsAppPlatform`, typeVersion: 1, position: [440, 200 * (n - 2)], parameters, credentials });
	return {
		id,
		name: `messaging ${id}`,
		active: false,
		settings: {},
		connections: {
			Start: { main: [[{ node: 'Messages', type: 'main', index: 0 }]] },
			Messages: { main: [[{ node: 'Any', type: 'main', index: 0 }, { node: 'Contacts', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: 'n0', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n1', name: 'Messages', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: `return ${JSON.stringify(messages)}.map((json) => ({ json }));` } },
			whatsApp(2, 'Any', { resource: 'message', operation: 'sendJson', message: '={{ $json }}' }),
			{ ...whatsApp(3, 'Contacts', { resource: 'message', operation: 'sendContacts', to: '+16505551234', contacts: '={{ $json }}' }), onError: 'continueRegularOutput' },
		],
	};
}

const mapper = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: Object.keys(value).map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false })),
});

describe('messaging in a real n8n 2.x', () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: 'credMessaging001',
				name: 'credMessaging001',
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			},
		]);
	});

	afterAll(async () => {
		await emulator?.stop();
	});

	it('downloads media into binary data, sends it back as an image (uploaded, then by id), a template, a list, a text and marks as read', async () => {
		// An inbound photo the customer sent: its media id is what a webhook would carry.
		emulator.state.media.set('778899001122334', {
			id: '778899001122334',
			phoneNumberId: PHONE_NUMBER_ID,
			mimeType: 'image/jpeg',
			bytes: JPEG,
			sha256: createHash('sha256').update(JPEG).digest('hex'),
			uploadedAt: emulator.clock.now(),
		});
		const to = '+16505551234';
		await n8n.importWorkflow(
			chain('wfMessaging00001', [
				{ name: 'Download', parameters: { resource: 'media', operation: 'download', mediaId: '778899001122334', outputProperty: 'photo' } },
				{ name: 'Image', parameters: { resource: 'message', operation: 'sendImage', to, mediaSource: 'file', fileProperty: 'photo', caption: 'Your photo' } },
				{
					name: 'Template',
					parameters: {
						resource: 'message',
						operation: 'sendTemplate',
						to,
						template: { __rl: true, mode: 'list', value: 'order_update|en_US' },
						templateParameters: mapper({ 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Pablo', 'body.order_number': '860198', 'button.0.url': 'ABC' }),
					},
				},
				{
					name: 'List',
					parameters: {
						resource: 'message',
						operation: 'sendList',
						phoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID },
						to,
						body: 'What would you like?',
						buttonText: 'Menu',
						sections: '[{"title": "Pizza", "rows": [{"id": "p1", "title": "Margherita"}]}, {"title": "Drinks", "rows": [{"id": "d1", "title": "Water"}]}]',
					},
				},
				{ name: 'Text', parameters: { resource: 'message', operation: 'sendText', to, body: 'Thanks!', replyTo: WAMID } },
				{ name: 'Read', parameters: { resource: 'message', operation: 'markRead', messageId: WAMID, typingIndicator: true } },
			]),
		);
		const run = await n8n.execute('wfMessaging00001');
		expect(run.ok, run.output).toBe(true);

		// Download: binary data with the type and a file name.
		const downloaded = run.result!.data.resultData.runData.Download[0].data!.main[0]![0] as { json: Record<string, unknown>; binary?: Record<string, { mimeType: string; fileName?: string }> };
		expect(downloaded.json).toMatchObject({ mediaId: '778899001122334', mimeType: 'image/jpeg', fileSize: JPEG.length, fileName: '778899001122334.jpg' });
		expect(downloaded.binary?.photo).toMatchObject({ mimeType: 'image/jpeg', fileName: '778899001122334.jpg' });

		// Image: the binary was uploaded, then the image sent by the new media id.
		const [image] = nodeOutput(run, 'Image');
		const uploaded = emulator.state.media.get(String(image.mediaId))!;
		expect(uploaded.bytes.equals(JPEG)).toBe(true);
		const bodies = emulator.state.messages.map((m) => m.body);
		expect(bodies[0]).toMatchObject({ type: 'image', image: { id: image.mediaId, caption: 'Your photo' } });
		expect(bodies[1]).toMatchObject({
			type: 'template',
			template: {
				name: 'order_update',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/box.jpg' } }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'Pablo', parameter_name: 'first_name' }, { type: 'text', text: '860198', parameter_name: 'order_number' }] },
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ABC' }] },
				],
			},
		});
		expect(bodies[2]).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'Menu', sections: [{ title: 'Pizza' }, { title: 'Drinks' }] } } });
		expect(bodies[3]).toMatchObject({ type: 'text', context: { message_id: WAMID } });
		expect(emulator.state.messages).toHaveLength(4);
		expect(emulator.state.requests.at(-1)!.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: WAMID, typing_indicator: { type: 'text' } });
		expect(nodeOutput(run, 'Read')).toEqual([expect.objectContaining({ success: true })]);
		for (const name of ['Image', 'Template', 'List', 'Text']) expect(nodeOutput(run, name)[0].messageId).toMatch(/^wamid\./);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});

	it('refuses a list over the platform\'s limits before any request; with continueOnFail the flow goes on', async () => {
		emulator.reset();
		await n8n.importWorkflow(
			chain('wfMessaging00002', [
				{
					name: 'List',
					parameters: { resource: 'message', operation: 'sendList', to: '+16505551234', body: 'Pick', buttonText: 'Open', sections: JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }))) },
					settings: { onError: 'continueRegularOutput' },
				},
				{ name: 'Template', parameters: { resource: 'message', operation: 'sendTemplate', to: '+16505551234', template: { __rl: true, mode: 'name', value: 'no_such_template' } }, settings: { onError: 'continueRegularOutput' } },
			]),
		);
		const run = await n8n.execute('wfMessaging00002');
		expect(run.ok, run.output).toBe(true);
		expect(nodeOutput(run, 'List')[0].error).toContain('Sections (JSON) (sections) (0.rows): must have at most 10 rows, got 11');
		const [template] = nodeOutput(run, 'Template');
		expect(template).toMatchObject({ code: 132001 });
		expect(String(template.error)).toMatch(/132001/);
		expect(nodeError(run, 'Template')).toBeUndefined();
		expect(emulator.state.messages).toHaveLength(0);
	});
	it('sends two types of message from item JSON with Send Message (JSON); a typed JSON field given a whole message says so', async () => {
		emulator.reset();
		const messages = [
			{ to: '+16505551234', type: 'text', text: { body: 'Your order shipped' }, biz_opaque_callback_data: 'order-4711' },
			{ to: '+16505551234', type: 'interactive', interactive: { type: 'list', body: { text: 'Rate us' }, action: { button: 'Rate', sections: [{ rows: [{ id: 'r5', title: 'Great' }, { id: 'r1', title: 'Poor' }] }] } } },
		];
		await n8n.importWorkflow(anyMessageWorkflow('wfMessaging00003', messages));
		const run = await n8n.execute('wfMessaging00003');
		expect(run.ok, run.output).toBe(true);
		const sent = emulator.state.messages;
		expect(sent.map((m) => m.body)).toEqual(messages.map((message) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', ...message })));
		expect(nodeOutput(run, 'Any').map((item) => item.messageId)).toEqual(sent.map((m) => m.id));
		expect(nodeOutput(run, 'Contacts').map((item) => item.error)).toEqual([
			expect.stringContaining('Contacts (JSON) (contacts): is a whole Cloud API message (a text message)'),
			expect.stringContaining('Contacts (JSON) (contacts): is a whole Cloud API message (an interactive list message)'),
		]);
		for (const secret of SECRETS) expect(run.output).not.toContain(secret);
	});
});
