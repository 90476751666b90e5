import { describe, expect, it } from 'vitest';
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
