import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import registerManage from '../../nodes/node-red/whatsapp-platform-manage';
import registerSend from '../../nodes/node-red/whatsapp-platform-send';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const require = createRequire(__filename);
const helper = require('node-red-node-test-helper');

const TOKEN = 'EAAnode-red-manage-token-0123';
const PHONE_NUMBER_ID = '106540352242922';

let emulator: GraphEmulator;
beforeAll(async () => {
	helper.init(require.resolve('node-red'));
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
beforeEach(() => emulator.reset());
afterEach(async () => {
	await helper.unload();
	await helper.stopServer();
});
afterAll(() => emulator.stop());

interface Msg {
	payload: any;
	[key: string]: any;
}

/** config → manage → helper; collects what comes out and the error given to done(). */
async function load(manage: Record<string, unknown>) {
	const flow = [
		{ id: 'tab', type: 'tab' },
		{ id: 'acct', type: 'whatsapp-platform-config', wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
		{ id: 'manage', z: 'tab', type: 'whatsapp-platform-manage', account: 'acct', wires: [['out']], ...manage },
		{ id: 'out', z: 'tab', type: 'helper' },
	];
	await helper.startServer();
	await helper.load([registerConfig, registerSend, registerManage], flow, { acct: { accessToken: TOKEN } });
	const node = helper.getNode('manage');
	const out = helper.getNode('out');
	return {
		node,
		/** Sends a message in; resolves with the first `count` messages that come out, or the error. */
		input(msg: Msg, count = 1): Promise<Msg[]> {
			return new Promise((resolve, reject) => {
				const received: Msg[] = [];
				out.on('input', (m: Msg) => {
					received.push(m);
					if (received.length === count) resolve(received);
				});
				node.once('call:error', (call: { args: [Error | string, Msg?] }) => reject(Object.assign(new Error(String(call.args[0])), { msg: call.args[1] })));
				node.receive(msg);
			});
		},
		lastStatus: () => node.status.lastCall?.args[0],
	};
}

const seed = (count: number) => {
	for (let i = 0; i < count; i++) {
		const id = String(900_000_000_000_000 + i);
		emulator.state.templates.set(id, { id, name: `bulk_${i}`, language: 'en_US', category: 'MARKETING', status: 'APPROVED', parameter_format: 'POSITIONAL', components: [{ type: 'BODY', text: 'Hi' }], created_at: i + 1 });
	}
};

describe('whatsapp-platform-manage in Node-RED', () => {
	it('lists every template across pages as one array in msg.payload', async () => {
		seed(120);
		const { input, lastStatus } = await load({ resource: 'template', operation: 'getMany', params: { returnAll: true } });
		const [msg] = await input({ payload: '' });
		expect(msg.payload).toHaveLength(125);
		expect(emulator.state.requests.filter((r) => r.path.endsWith('/message_templates'))).toHaveLength(2);
		expect(lastStatus()).toMatchObject({ fill: 'green', text: '125 items' });
	});

	it('sends one message per record with msg.parts when split is on', async () => {
		const { input } = await load({ resource: 'phoneNumber', operation: 'getMany', params: { returnAll: true }, split: true });
		const msgs = await input({ payload: '' }, 2);
		expect(msgs.map((m) => m.payload.display_phone_number)).toEqual(['15550783882', '15550783881']);
		expect(msgs.map((m) => m.parts)).toEqual([
			{ id: msgs[0].parts.id, index: 0, count: 2, type: 'array' },
			{ id: msgs[0].parts.id, index: 1, count: 2, type: 'array' },
		]);
	});

	it('creates a template from msg.payload overrides and deletes it, answering {deleted: true}', async () => {
		const create = await load({ resource: 'template', operation: 'create', params: { category: 'UTILITY', body: 'Your order has shipped.' } });
		const [created] = await create.input({ payload: { name: 'order_shipped', footer: 'Lucky Shrub' } });
		expect(created.payload).toEqual({ id: expect.any(String), status: 'PENDING', category: 'UTILITY' });
		expect(emulator.state.templates.get(created.payload.id)).toMatchObject({ name: 'order_shipped', components: [{ type: 'BODY' }, { type: 'FOOTER', text: 'Lucky Shrub' }] });
		await helper.unload();
		const remove = await load({ resource: 'template', operation: 'delete', params: { name: 'order_shipped' } });
		const [deleted] = await remove.input({ payload: '' });
		expect(deleted.payload).toEqual({ deleted: true, name: 'order_shipped' });
		expect(emulator.state.templates.has(created.payload.id)).toBe(false);
	});

	it('reports invalid input to Catch nodes before any request, naming the field and the limit', async () => {
		const { input, lastStatus } = await load({ resource: 'businessProfile', operation: 'update', params: { about: 'x'.repeat(140) } });
		await expect(input({ payload: '' })).rejects.toThrow('Invalid About (about): must be at most 139 characters, got 140');
		expect(emulator.state.requests.filter((r) => r.path.includes('whatsapp_business_profile'))).toHaveLength(0);
		expect(lastStatus()).toMatchObject({ fill: 'red', text: 'invalid About (about)' });
	});

	it('puts Graph errors in msg.whatsappError without the token', async () => {
		const { input } = await load({ resource: 'analytics', operation: 'getTemplate', params: { start: new Date(Date.now() - 86_400_000).toISOString(), end: new Date().toISOString(), templateIds: '594425479261597' } });
		const error = (await input({ payload: '' }).catch((e) => e)) as Error & { msg: Msg };
		expect(error.message).toContain('200007');
		expect(error.msg.whatsappError).toMatchObject({ code: 200007 });
		expect(JSON.stringify(error.msg) + error.message).not.toContain(TOKEN);
	});

	it('serves the manage resources from the editor\'s catalog endpoint', async () => {
		await load({ resource: 'template', operation: 'getMany', params: {} });
		const response = await helper.request().get('/whatsapp-platform/catalog').expect(200);
		const offeredBy = (node: string) => response.body.resources.filter((r: any) => r.offeredBy.includes(node)).map((r: any) => r.name);
		expect(offeredBy('node-red-manage')).toEqual(['template', 'upload', 'phoneNumber', 'businessProfile', 'businessAccount', 'analytics', 'subscription', 'group', 'call', 'flow', 'consent', 'blockedUser', 'campaign']);
		expect(offeredBy('node-red-send')).toEqual(['message', 'media']);
		const create = response.body.operations.find((op: any) => op.resource === 'template' && op.operation === 'create');
		expect(create.params.map((p: any) => p.name)).toContain('buttons');
		expect(create.params.find((p: any) => p.name === 'headerText').showWhen).toEqual({ headerFormat: ['TEXT'] });
	});
});
