import type { IHookFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { PAIR } from '../core/flows.helpers';
import { RespondToWhatsAppFlow } from '../../nodes/RespondToWhatsAppFlow/RespondToWhatsAppFlow.node';
import respondCodex from '../../nodes/RespondToWhatsAppFlow/RespondToWhatsAppFlow.node.json';
import { FLOW_TIME_LIMIT_MS } from '../../nodes/shared/flows';
import { WhatsAppFlowEndpoint } from '../../nodes/WhatsAppFlowEndpoint/WhatsAppFlowEndpoint.node';
import endpointCodex from '../../nodes/WhatsAppFlowEndpoint/WhatsAppFlowEndpoint.node.json';

describe('the n8n WhatsApp Flow Endpoint trigger and Respond to WhatsApp Flow node', () => {
	const endpoint = new WhatsAppFlowEndpoint();
	const respond = new RespondToWhatsAppFlow();

	it('serve one POST path whose answer a Respond node gives, as n8n\'s Webhook and Respond to Webhook do', () => {
		expect(endpoint.description).toMatchObject({ name: 'whatsAppFlowEndpoint', displayName: 'WhatsApp Flow Endpoint', group: ['trigger'], inputs: [] });
		expect(endpoint.description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'responseNode', path: 'flow' }]);
		expect(Object.keys(endpoint.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
		expect(respond.description).toMatchObject({ name: 'respondToWhatsAppFlow', displayName: 'Respond to WhatsApp Flow', group: ['transform'] });
		expect(endpointCodex.node).toBe('@flowpace/n8n-nodes-whatsapp.whatsAppFlowEndpoint');
		expect(respondCodex.node).toBe('@flowpace/n8n-nodes-whatsapp.respondToWhatsAppFlow');
	});

	it('share the account credential, and default to the core\'s time limit', () => {
		for (const node of [endpoint, respond]) expect(node.description.credentials).toEqual([{ name: 'whatsAppPlatformApi', required: true }]);
		const options = endpoint.description.properties.find((p) => p.name === 'options')?.options as Array<{ name: string; default: unknown }>;
		// A literal in the description (n8n's linter wants one), the core's constant at run time.
		expect(options.find((o) => o.name === 'timeLimitSeconds')?.default).toBe(FLOW_TIME_LIMIT_MS / 1000);
	});

	it('answer with the next screen, the close, an expired token or Meta\'s answer object', () => {
		const respondWith = respond.description.properties.find((p) => p.name === 'respondWith');
		expect(respondWith?.options?.map((o) => (o as { value: string }).value)).toEqual(['screen', 'close', 'tokenNoLongerValid', 'json']);
	});
});

describe('the WhatsApp Flow Endpoint trigger\'s activation, with a Flow ID', () => {
	const TOKEN = 'EAAflow-endpoint-lifecycle-0123';
	const URL = 'https://n8n.example.com/webhook/abc/flow';
	let emulator: GraphEmulator;
	beforeAll(async () => {
		emulator = await startEmulator({ token: TOKEN, appSecret: 's' });
	});
	afterAll(() => emulator.stop());

	/** The part of n8n's hook context the lifecycle uses; the HTTP helper adds the Bearer token, as n8n's does. */
	const hooks = (flowId: string, credential: Record<string, string> = { flowPrivateKey: PAIR.privateKey }) =>
		({
			getCredentials: async () => ({ accessToken: TOKEN, wabaId: '102290129340398', baseUrl: emulator.url, apiVersion: 'v24.0', ...credential }),
			getNodeParameter: (name: string, fallback: unknown) => (name === 'flowId' ? flowId : fallback),
			getNodeWebhookUrl: () => URL,
			getNode: () => ({ id: 'flow-endpoint', name: 'WhatsApp Flow Endpoint' }),
			logger: { info: () => undefined },
			helpers: {
				async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
					const response = await fetch(options.url, { method: options.method, headers: { ...(options.headers as object), authorization: `Bearer ${TOKEN}` }, body: options.body as Uint8Array<ArrayBuffer> | undefined });
					return { statusCode: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: Buffer.from(await response.arrayBuffer()) };
				},
			},
		}) as unknown as IHookFunctions;
	const methods = new WhatsAppFlowEndpoint().webhookMethods.default;

	it('sets this URL as the Flow\'s endpoint URI when it is not, and then finds it there', async () => {
		const flow = emulator.state.flows.add({ name: 'Booking', categories: ['APPOINTMENT_BOOKING'] }, emulator.clock.now());
		expect(await methods.checkExists.call(hooks(flow.id))).toBe(false);
		expect(await methods.create.call(hooks(flow.id))).toBe(true);
		expect(emulator.state.flows.of(flow.id).endpoint_uri).toBe(URL);
		expect(await methods.checkExists.call(hooks(flow.id))).toBe(true);
		expect(await methods.delete.call(hooks(flow.id))).toBe(true);
		expect(emulator.state.flows.of(flow.id).endpoint_uri).toBe(URL);
	});

	it('without a Flow ID touches no Flow; without a usable private key, activation fails saying why', async () => {
		const before = emulator.state.requests.length;
		expect(await methods.checkExists.call(hooks(''))).toBe(true);
		expect(emulator.state.requests.length).toBe(before);
		await expect(methods.create.call(hooks('', {}))).rejects.toThrow(/No Flow private key: set the Flow Endpoint Private Key in the credential/);
	});
});
