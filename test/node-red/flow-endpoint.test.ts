import { createRequire } from 'node:module';
import supertest from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import registerEndpoint from '../../nodes/node-red/whatsapp-platform-flow-endpoint';
import registerResponse from '../../nodes/node-red/whatsapp-platform-flow-response';
import { APP_SECRET, clientRequest, PAIR, sign } from '../core/flows.helpers';

const require = createRequire(__filename);
const helper = require('node-red-node-test-helper');

const TOKEN = 'EAAtest-access-token-0123456789';

let httpNode: unknown;
const captureHttpNode = (RED: { httpNode: unknown }) => {
	httpNode = RED.httpNode;
	registerEndpoint(RED as never);
	registerResponse(RED as never);
};

interface Msg {
	payload: Record<string, unknown>;
	topic: string;
	flowRequestId: string;
}

async function load(endpointConfig: Record<string, unknown> = {}, credentials: Record<string, string> = {}) {
	const flow = [
		{ id: 'tab', type: 'tab' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'Test account', wabaId: '', phoneNumberId: '', apiVersion: 'v24.0', baseUrl: 'http://127.0.0.1:9' },
		{ id: 'flow-in', z: 'tab', type: 'whatsapp-platform-flow-endpoint', account: 'acct', path: '/whatsapp-flow', wires: [['out']], ...endpointConfig },
		{ id: 'out', z: 'tab', type: 'helper' },
		{ id: 'answer', z: 'tab', type: 'whatsapp-platform-flow-response', respondWith: 'json' },
		{ id: 'answer-close', z: 'tab', type: 'whatsapp-platform-flow-response', respondWith: 'close' },
	];
	await helper.load([registerConfig, captureHttpNode], flow, { acct: { accessToken: TOKEN, appSecret: APP_SECRET, flowPrivateKey: PAIR.privateKey, ...credentials } });
	const received: Msg[] = [];
	helper.getNode('out').on('input', (msg: Msg) => received.push(msg));
	const warnings: string[] = [];
	const endpoint = helper.getNode('flow-in');
	const warn = endpoint.warn.bind(endpoint);
	endpoint.warn = (message: string) => {
		warnings.push(message);
		warn(message);
	};
	return { received, warnings, http: supertest(httpNode as never) };
}

const post = (http: supertest.Agent, raw: Buffer, signature?: string) => {
	const request = http.post('/whatsapp-flow').set('content-type', 'application/json');
	if (signature) request.set('x-hub-signature-256', signature);
	return request.send(raw.toString('utf8'));
};
async function until(probe: () => boolean) {
	for (let i = 0; i < 500 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}
/** What the response node reports to Catch nodes. */
function errorsOf(id: string): string[] {
	const errors: string[] = [];
	const node = helper.getNode(id);
	const error = node.error.bind(node);
	node.error = (message: unknown, msg?: unknown) => {
		errors.push(String(message instanceof Error ? message.message : message));
		error(message, msg);
	};
	return errors;
}

beforeAll(() => helper.init(require.resolve('node-red')));
afterEach(async () => {
	await helper.unload();
	helper.settings({});
});

describe('whatsapp-platform-flow-endpoint and -response', () => {
	it('answers a health check itself, sending nothing into the flow', async () => {
		const { http, received } = await load();
		const ping = clientRequest({ version: '3.0', action: 'ping' });
		const answer = await post(http, ping.raw, ping.signature);
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/^text\/plain/);
		expect(ping.read(answer.text)).toEqual({ data: { status: 'active' } });
		expect(received).toEqual([]);
	});

	it('sends the decrypted request into the flow; the response node answers it, encrypted', async () => {
		const { http, received } = await load();
		const init = clientRequest({ version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 'booking-4711' });
		const pending = post(http, init.raw, init.signature).then((r) => r);
		await until(() => received.length === 1);
		expect(received[0]).toMatchObject({ topic: 'INIT', payload: { action: 'INIT', screen: '', data: {}, flowToken: 'booking-4711', version: '3.0' }, flowRequestId: expect.any(String) });
		expect(JSON.stringify(received[0])).not.toContain(init.key.toString('base64'));
		helper.getNode('answer').receive({ ...received[0], payload: { screen: 'APPOINTMENT', data: { days: [{ id: '2026-12-07', title: 'Mon 7 Dec' }] } } });
		const answer = await pending;
		expect(answer.status).toBe(200);
		expect(init.read(answer.text)).toEqual({ screen: 'APPOINTMENT', data: { days: [{ id: '2026-12-07', title: 'Mon 7 Dec' }] } });
	});

	it('closes the Flow with the params and the request\'s flow token', async () => {
		const { http, received } = await load();
		const submit = clientRequest({ version: '3.0', action: 'data_exchange', screen: 'DETAILS', data: { name: 'Jane' }, flow_token: 'booking-4711' });
		const pending = post(http, submit.raw, submit.signature).then((r) => r);
		await until(() => received.length === 1);
		helper.getNode('answer-close').receive({ ...received[0], payload: { slot: '10:30' } });
		expect(submit.read((await pending).text)).toEqual({ screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: 'booking-4711', slot: '10:30' } } } });
	});

	it('answers 500 at the time limit with a warning, keeps serving, and reports a late answer', async () => {
		const { http, received, warnings } = await load({ timeLimitSeconds: 1 });
		const errors = errorsOf('answer');
		const slow = clientRequest({ version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 'slow' });
		const started = Date.now();
		const answer = await post(http, slow.raw, slow.signature);
		expect(answer.status).toBe(500);
		expect(answer.text).toBe('');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(warnings).toEqual(['the flow did not answer within 1 s: answered 500']);
		helper.getNode('answer').receive({ ...received[0], payload: { screen: 'APPOINTMENT', data: {} } });
		await until(() => errors.length === 1);
		expect(errors[0]).toMatch(/No Flow request to answer: it was answered already, or its time limit passed/);
		const ping = clientRequest({ version: '3.0', action: 'ping' });
		expect((await post(http, ping.raw, ping.signature)).status).toBe(200);
	});

	it('refuses a wrong signature (432), a key for another public key (421) and a body over 1 MB (413), warning without secrets', async () => {
		const { http, warnings } = await load();
		const request = clientRequest({ version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 'x' });
		expect((await post(http, request.raw, sign(request.raw, 'not-the-app-secret'))).status).toBe(432);
		const otherKey = clientRequest({ version: '3.0', action: 'ping' }, (await import('../core/flows.helpers')).OTHER_PAIR.publicKey);
		expect((await post(http, otherKey.raw, otherKey.signature)).status).toBe(421);
		const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
		expect((await post(http, big, sign(big))).status).toBe(413);
		expect(warnings).toEqual([
			'refused a request: its X-Hub-Signature-256 does not match the App Secret',
			expect.stringMatching(/^answered 421: cannot decrypt the request/),
			expect.stringMatching(/^refused a request of \d+\+ bytes \(over 1048576\) with 413$/),
		]);
		for (const line of PAIR.privateKey.split('\n').filter((l) => l.length > 20)) expect(warnings.join('\n')).not.toContain(line);
	});

	it('answers 500 without a usable Flow key, saying why without any secret', async () => {
		const { http, warnings } = await load({}, { flowPrivateKey: '' });
		const ping = clientRequest({ version: '3.0', action: 'ping' });
		expect((await post(http, ping.raw, ping.signature)).status).toBe(500);
		expect(warnings).toEqual([expect.stringMatching(/^cannot answer: No Flow private key: set the Flow Endpoint Private Key in the credential/)]);
	});

	it('reports a message that names no waiting request, and an answer the client could not use', async () => {
		const { http, received } = await load();
		const errors = errorsOf('answer');
		helper.getNode('answer').receive({ payload: { screen: 'X' } });
		await until(() => errors.length === 1);
		expect(errors[0]).toMatch(/msg.flowRequestId is missing/);
		const init = clientRequest({ version: '3.0', action: 'INIT', screen: '', data: {} });
		const pending = post(http, init.raw, init.signature).then((r) => r);
		await until(() => received.length === 1);
		helper.getNode('answer').receive({ ...received[0], payload: { data: {} } });
		expect((await pending).status).toBe(500);
		await until(() => errors.length === 2);
		expect(errors[1]).toMatch(/Invalid Flow answer: the answer needs "screen"/);
	});
});
