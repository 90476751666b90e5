import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { PAIR } from '../core/flows.helpers';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { bookThrough, refusals } from './flowScenarios';
import { N8nHost, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';
import { REPO } from './pack';
import { selectedHosts } from './toolchain';

type N8nNode = Record<string, any> & { name: string; type: string };
interface Workflow {
	id?: string;
	name: string;
	nodes: N8nNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

const CREDENTIAL = { id: 'whatsAppAccount01', name: 'WhatsApp account' };
const SLOW_HOOK = 'b00c1e5e-f10e-4b00-8c1e-00000051a0e1';
const SILENT_HOOK = 'b00c1e5e-f10e-4b00-8c1e-00000051e471';

/** docs/n8n-flow-booking.workflow.json as shipped, split as n8n runs it: the Set up branch (run once), the rest (activated). */
function example(endpointUri: (webhookId: string) => string) {
	const workflow = JSON.parse(readFileSync(join(REPO, 'docs', 'n8n-flow-booking.workflow.json'), 'utf8')) as Workflow;
	const setupNames = ['Set up', 'Create the booking Flow', 'Upload the public key'];
	const create = workflow.nodes.find((node) => node.name === 'Create the booking Flow')!;
	create.parameters.endpointUri = endpointUri(workflow.nodes.find((n) => n.type === `${PACKAGE}.whatsAppFlowEndpoint`)!.webhookId as string);
	const setup: Workflow = { ...workflow, id: 'wfFlowSetup00001', name: 'flow setup', nodes: workflow.nodes.filter((n) => setupNames.includes(n.name)), connections: {}, active: false };
	setup.connections = Object.fromEntries(Object.entries(workflow.connections).filter(([from]) => setupNames.includes(from)));
	const served: Workflow = { ...workflow, id: 'wfFlowBooking001', active: false };
	return { setup, served };
}

/** An endpoint whose run waits 3 s before it answers (time limit 1 s), and one that ends without answering. */
function slowWorkflow(): Workflow {
	const endpoint = (id: string, name: string, webhookId: string, y: number) => ({
		id,
		name,
		type: `${PACKAGE}.whatsAppFlowEndpoint`,
		typeVersion: 1,
		position: [0, y],
		webhookId,
		parameters: { options: { timeLimitSeconds: 1 } },
		credentials: { whatsAppPlatformApi: CREDENTIAL },
	});
	return {
		id: 'wfFlowSlow000001',
		name: 'slow flow endpoints',
		active: false,
		settings: {},
		nodes: [
			endpoint('s1', 'Slow endpoint', SLOW_HOOK, 0),
			{ id: 's2', name: 'Wait', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [220, 0], webhookId: 'b00c1e5e-f10e-4b00-8c1e-00000051a0e2', parameters: { amount: 3, unit: 'seconds' } },
			{ id: 's3', name: 'Respond late', type: `${PACKAGE}.respondToWhatsAppFlow`, typeVersion: 1, position: [440, 0], parameters: { respondWith: 'screen', screen: 'APPOINTMENT', screenData: '{}' }, credentials: { whatsAppPlatformApi: CREDENTIAL } },
			endpoint('s4', 'Silent endpoint', SILENT_HOOK, 200),
			{ id: 's5', name: 'No answer', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 200], parameters: {} },
		],
		connections: {
			'Slow endpoint': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
			Wait: { main: [[{ node: 'Respond late', type: 'main', index: 0 }]] },
			'Silent endpoint': { main: [[{ node: 'No answer', type: 'main', index: 0 }]] },
		},
	};
}

describe(`the booking Flow served by a real n8n ${selectedHosts().n8n.version} (docs/n8n-flow-booking.workflow.json), driven by the emulator's WhatsApp client`, () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;
	let flowId = '';
	let port = 0;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		n8n = await N8nHost.create(inject('tarball'));
		port = await freePort();
		await n8n.importCredentials([
			{
				...CREDENTIAL,
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, flowPrivateKey: PAIR.privateKey },
			},
		]);
		const { setup, served } = example((hook) => `http://127.0.0.1:${port}/webhook/${hook}/flow`);
		await n8n.importWorkflow(setup);
		await n8n.importWorkflow(served);
		await n8n.importWorkflow(slowWorkflow());
	});

	afterAll(async () => {
		await n8n?.stop();
		await emulator?.stop();
	});

	it('creates the Flow with its Flow JSON and uploads the public key, from the example\'s Set up branch', async () => {
		const run = await n8n.execute('wfFlowSetup00001');
		expect(run.ok, run.output.slice(-3000)).toBe(true);
		const [flow] = emulator.state.flows.flows.values();
		flowId = flow.id;
		expect(flow).toMatchObject({ name: 'Appointment booking', status: 'DRAFT', categories: ['APPOINTMENT_BOOKING'], validation_errors: [], endpoint_uri: expect.stringContaining('/flow') });
		expect(emulator.state.flows.publicKeys.get(PHONE_NUMBER_ID)).toEqual({ pem: PAIR.publicKey, status: 'VALID' });
	});

	it('serves the endpoint once the workflow is active: ping, INIT, the free times of a day, the details, and confirms the booking from the completion', async () => {
		await n8n.activate('wfFlowBooking001');
		await n8n.activate('wfFlowSlow000001');
		await n8n.start(port);
		// The Platform Trigger's activation subscribed the WABA: the completion webhook reaches it.
		await waitUntil(() => emulator.state.subscriptions[0]?.overrideCallbackUri?.startsWith(n8n.url), 120_000, () => n8n.serverOutput);
		await n8n.triggerListening(emulator.state.subscriptions[0].overrideCallbackUri!);
		await waitUntil(async () => (await emulator.flowClient.ping(flowId)).status === 200, 60_000, () => n8n.serverOutput);
		const { day } = await bookThrough(emulator, flowId);
		const confirmation = await waitUntil(() => emulator.state.messages.find((m) => m.type === 'text'), 60_000, () => n8n.serverOutput);
		// The text the workflow built from the completion's parsed answer (flowResponse), to the user who booked.
		expect(confirmation.body).toMatchObject({ to: '+16505551234', text: { body: `Booked: ${day} at 10:30. See you, Jane Doe!` } });
	});

	it('publishes the Flow: Meta\'s health check of the endpoint passes', async () => {
		const publish = await fetch(`${emulator.url}/v24.0/${flowId}/publish`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
		expect(await publish.json()).toEqual({ success: true });
	});

	it('refuses a request with the wrong signature (432) and one encrypted for another key (421, after the client\'s retry)', async () => {
		await refusals(emulator, flowId);
		await waitUntil(() => n8n.serverOutput.includes('answered 421: cannot decrypt the request'), 10_000, () => n8n.serverOutput);
		expect(n8n.serverOutput).toContain('refused a request: its X-Hub-Signature-256 does not match the App Secret');
	});

	it('answers 500 at the time limit, and when a run ends without answering; logs both and keeps serving', async () => {
		const slow = emulator.state.flows.add({ name: 'Slow', categories: ['OTHER'], endpoint_uri: `${n8n.url}/webhook/${SLOW_HOOK}/flow` }, emulator.clock.now());
		const started = Date.now();
		expect(await emulator.flowClient.open(slow.id, { flowToken: 'slow' })).toMatchObject({ status: 500, body: '' });
		expect(Date.now() - started).toBeLessThan(2500);
		await waitUntil(() => n8n.serverOutput.includes('the flow did not answer within 1 s: answered 500'), 10_000, () => n8n.serverOutput);
		const silent = emulator.state.flows.add({ name: 'Silent', categories: ['OTHER'], endpoint_uri: `${n8n.url}/webhook/${SILENT_HOOK}/flow` }, emulator.clock.now());
		expect(await emulator.flowClient.open(silent.id, { flowToken: 'silent' })).toMatchObject({ status: 500, body: '' });
		await waitUntil(() => n8n.serverOutput.includes('the workflow ended without a Respond to WhatsApp Flow node: answered 500'), 10_000, () => n8n.serverOutput);
		// The late answer of the slow run (after 3 s) is dropped without an error of n8n's own.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(n8n.serverOutput).not.toMatch(/ERR_HTTP_HEADERS_SENT|Cannot set headers after they are sent|Error with Webhook-Response|Error in handling webhook request/);
		expect((await emulator.flowClient.ping(slow.id)).status).toBe(200);
		expect((await emulator.flowClient.ping(flowId)).status).toBe(200);
	});

	it('keeps every secret, the private key and the decrypted answers out of the log', () => {
		for (const secret of [...SECRETS, ...PAIR.privateKey.split('\n').filter((line) => line.length > 20)]) expect(n8n.serverOutput).not.toContain(secret);
		expect(n8n.serverOutput).not.toMatch(/Jane Doe|jane@example\.com/);
	});
});

async function waitUntil<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, context: () => string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms\n${context().slice(-4000)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
