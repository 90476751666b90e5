import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import registerManage from '../../nodes/node-red/whatsapp-platform-manage';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { helper, initHelper, loadSend, PHONE_NUMBER_ID } from './sendFlow';

const TOKEN = 'EAAnode-red-typed-token-0123';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 60 }, (_, i) => i)]);

let emulator: GraphEmulator;
beforeAll(async () => {
	initHelper();
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
beforeEach(() => emulator.reset());
afterEach(async () => {
	await helper.unload();
});
afterAll(() => emulator.stop());

const load = (send: Record<string, unknown>, tab: Record<string, unknown> = {}) => loadSend(emulator, TOKEN, send, tab);
const sent = () => emulator.state.messages.map((m) => m.body);
const posts = () => emulator.state.requests.filter((r) => r.method === 'POST');

describe('send node fields read per message (typedInput)', () => {
	it('reads msg properties, for each message anew', async () => {
		const { input } = await load({ operation: 'sendText', params: { to: 'to', body: 'order.note' }, paramTypes: { to: 'msg', body: 'msg' } });
		await input({ payload: 'go', to: '+16505551234', order: { note: 'First' } });
		await input({ payload: 'go', to: '+16505550000', order: { note: 'Second' } });
		expect(sent()).toMatchObject([
			{ to: '+16505551234', text: { body: 'First' } },
			{ to: '+16505550000', text: { body: 'Second' } },
		]);
	});

	it('reads flow and global context, an environment variable and a JSONata expression (evaluated asynchronously)', async () => {
		const { node, input } = await load(
			{
				operation: 'sendText',
				params: { to: 'CUSTOMER', body: '"Order " & payload.id & " for " & $flowContext("customer") & ", " & $globalContext("shop")', replyTo: 'lastMessage', trackingData: 'campaign' },
				paramTypes: { to: 'env', body: 'jsonata', replyTo: 'flow', trackingData: 'global' },
			},
			{ env: [{ name: 'CUSTOMER', value: '+16505551234', type: 'str' }] },
		);
		node.context().flow.set('customer', 'Pablo');
		node.context().flow.set('lastMessage', 'wamid.HBgLMTY1MDU1NTEyMzQ');
		node.context().global.set('shop', 'Flowpace');
		node.context().global.set('campaign', 'autumn-2026');
		await input({ payload: { id: 4711 } });
		expect(sent()[0]).toMatchObject({
			to: '+16505551234',
			text: { body: 'Order 4711 for Pablo, Flowpace' },
			context: { message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ' },
			biz_opaque_callback_data: 'autumn-2026',
		});
	});

	it('gives a number or a boolean the form a text or a boolean field takes', async () => {
		const { input } = await load(
			{ operation: 'sendText', params: { to: 'to', body: 'payload', previewUrl: 'PREVIEW' }, paramTypes: { to: 'msg', body: 'msg', previewUrl: 'env' } },
			{ env: [{ name: 'PREVIEW', value: 'true', type: 'str' }] },
		);
		await input({ payload: 42, to: 16505551234 });
		expect(sent()[0]).toMatchObject({ to: '+16505551234', text: { body: '42', preview_url: true } });
	});

	it('takes a JSON field from the message as an object and checks it as the form\'s JSON', async () => {
		const { input } = await load({ operation: 'sendButtons', params: { to: '+16505551234', body: 'Pick one', buttons: 'choices' }, paramTypes: { buttons: 'msg' } });
		await input({ payload: 'go', choices: ['Yes', 'No'] });
		expect((sent()[0].interactive as { action: { buttons: Array<{ reply: { title: string } }> } }).action.buttons.map((b) => b.reply.title)).toEqual(['Yes', 'No']);
		const error = await input({ payload: 'go', choices: ['A', 'B', 'C', 'D'] }).catch((e: Error) => e);
		expect(error.message).toContain('Buttons (JSON) (buttons): must have at most 3 buttons, got 4');
	});

	it('treats a missing msg property as empty: a required field says it is required, and nothing is sent', async () => {
		const { input, lastStatus } = await load({ operation: 'sendText', params: { to: 'customer.phone', body: 'Hi' }, paramTypes: { to: 'msg' } });
		const error = await input({ payload: 'go' }).catch((e: Error) => e);
		expect(error.message).toMatch(/\(to\): is required/);
		const partly = await input({ payload: 'go', customer: {} }).catch((e: Error) => e);
		expect(partly.message).toMatch(/\(to\): is required/);
		expect(lastStatus()).toMatchObject({ fill: 'red', text: expect.stringMatching(/^invalid .*\(to\)$/) });
		expect(posts()).toHaveLength(0);
	});

	it('names the field when its JSONata expression fails, and sends nothing', async () => {
		const { input } = await load({ operation: 'sendText', params: { to: '+16505551234', body: '"Hi " & (' }, paramTypes: { body: 'jsonata' } });
		const error = await input({ payload: 'go' }).catch((e: Error) => e);
		expect(error.message).toMatch(/^ValidationError: .*\(body\): the JSONata expression gave an error: /);
		expect(posts()).toHaveLength(0);
	});

	it('lets msg.payload\'s overrides win over typed fields: field names, or a whole Cloud API message', async () => {
		const { input } = await load({ operation: 'sendText', params: { to: 'to', body: '"typed " & text' }, paramTypes: { to: 'msg', body: 'jsonata' } });
		await input({ payload: { body: 'from the payload' }, to: '+16505551234', text: 'field' });
		await input({ payload: { to: '+16505550000', type: 'text', text: { body: 'a Cloud API message' } }, to: '+16505551234', text: 'field' });
		await input({ payload: 'go', to: '+16505551234', text: 'field' });
		expect(sent()).toMatchObject([
			{ to: '+16505551234', text: { body: 'from the payload' } },
			{ to: '+16505550000', text: { body: 'a Cloud API message' } },
			{ to: '+16505551234', text: { body: 'typed field' } },
		]);
	});

	it('reads a flow saved before typed fields (no paramTypes) as literals, even where a value looks like a path', async () => {
		const { input } = await load({ operation: 'sendText', params: { to: '+16505551234', body: 'payload.text', previewUrl: true } });
		await input({ payload: { text: 'not this' } });
		expect(sent()[0]).toMatchObject({ to: '+16505551234', text: { body: 'payload.text', preview_url: true } });
	});

	it('reads the file from the msg property a file field names, a nested path included', async () => {
		const { input } = await load({ operation: 'sendImage', params: { to: 'to', mediaSource: 'file', fileProperty: 'payload.photo' }, paramTypes: { to: 'msg' } });
		await input({ payload: { photo: JPEG }, to: '+16505551234' });
		const [stored] = emulator.state.media.values();
		expect(stored.bytes.equals(JPEG)).toBe(true);
		expect(sent()[0].image).toEqual({ id: stored.id });
	});
});

describe('manage node fields read per message', () => {
	it('reads a field from the message, its payload overrides still winning', async () => {
		const flow = [
			{ id: 'tab', type: 'tab' },
			{ id: 'acct', type: 'whatsapp-platform-config', wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			{ id: 'manage', z: 'tab', type: 'whatsapp-platform-manage', account: 'acct', resource: 'template', operation: 'delete', params: { name: 'template' }, paramTypes: { name: 'msg' }, wires: [['out']] },
			{ id: 'out', z: 'tab', type: 'helper' },
		];
		await helper.load([registerConfig, registerManage], flow, { acct: { accessToken: TOKEN } });
		const node = helper.getNode('manage');
		const out = helper.getNode('out');
		const next = () => new Promise<{ payload: unknown }>((resolve) => out.once('input', resolve));
		const deleted = next();
		node.receive({ payload: 'go', template: 'order_update' });
		expect((await deleted).payload).toMatchObject({ deleted: true });
		const second = next();
		node.receive({ payload: { name: 'welcome_pending' }, template: 'not_this_one' });
		await second;
		const deletes = emulator.state.requests.filter((r) => r.method === 'DELETE').map((r) => r.query.name);
		expect(deletes).toEqual(['order_update', 'welcome_pending']);
	});
});
