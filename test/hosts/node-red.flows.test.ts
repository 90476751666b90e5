import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { PAIR } from '../core/flows.helpers';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { bookThrough, refusals } from './flowScenarios';
import { NodeRedHost } from './nodeRedHost';
import { REPO } from './pack';
import { selectedHosts } from './toolchain';

type FlowNode = Record<string, any> & { id: string; type: string; name?: string };

/** examples/flow-booking.json as shipped, with what an importer sets: the account and the endpoint's URL. */
function example(baseUrl: string, endpointUri: string) {
	const nodes = JSON.parse(readFileSync(join(REPO, 'examples', 'flow-booking.json'), 'utf8')) as FlowNode[];
	const account = nodes.find((node) => node.type === 'whatsapp-platform-config')!;
	Object.assign(account, { baseUrl, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID });
	nodes.find((node) => node.type === 'whatsapp-platform-manage' && node.params.endpointUri)!.params.endpointUri = endpointUri;
	const byName = (type: string, name: string) => nodes.find((node) => node.type === type && node.name === name)!.id;
	return { nodes, account: account.id, byName };
}

/** A second endpoint whose flow takes 3 s, and one that never answers, beside the example (the time limit). */
function slowEndpoints(account: string): FlowNode[] {
	return [
		{ id: 'slow-tab', type: 'tab', label: 'slow' },
		{ id: 'slow-in', type: 'whatsapp-platform-flow-endpoint', z: 'slow-tab', account, path: '/slow-flow', timeLimitSeconds: 1, wires: [['slow-delay']], x: 100, y: 40 },
		{ id: 'slow-delay', type: 'delay', z: 'slow-tab', pauseType: 'delay', timeout: '3', timeoutUnits: 'seconds', rate: '1', nbRateUnits: '1', rateUnits: 'second', randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: false, wires: [['slow-answer']], x: 300, y: 40 },
		{ id: 'slow-answer', type: 'change', z: 'slow-tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"screen":"APPOINTMENT","data":{}}', tot: 'json' }], wires: [['slow-out']], x: 480, y: 40 },
		{ id: 'slow-out', type: 'whatsapp-platform-flow-response', z: 'slow-tab', respondWith: 'json', x: 660, y: 40 },
	];
}

describe(`the booking Flow served by a real Node-RED ${selectedHosts().nodeRed.version} (examples/flow-booking.json), driven by the emulator's WhatsApp client`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	let booking: ReturnType<typeof example>;
	let flowId = '';

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		// The port is known once Node-RED starts: the endpoint URI is set to it by Update below.
		booking = example(emulator.url, 'https://placeholder.example.com/whatsapp-flow');
		const credentials = { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, flowPrivateKey: PAIR.privateKey };
		red.writeFlows([...booking.nodes, ...slowEndpoints(booking.account)], { [booking.account]: credentials });
		await red.start();
		emulator.options.callbackUrl = `${red.url}/whatsapp`;
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('creates the Flow with its Flow JSON and uploads the public key, from the example\'s two buttons', async () => {
		await red.inject(booking.byName('inject', 'create the booking Flow'));
		const flow = await red.waitFor(() => [...emulator.state.flows.flows.values()][0]);
		flowId = flow.id;
		expect(flow).toMatchObject({ name: 'Appointment booking', status: 'DRAFT', categories: ['APPOINTMENT_BOOKING'], validation_errors: [], data_api_version: '3.0' });
		await red.inject(booking.byName('inject', 'upload the public key'));
		const key = await red.waitFor(() => emulator.state.flows.publicKeys.get(PHONE_NUMBER_ID));
		expect(key).toEqual({ pem: PAIR.publicKey, status: 'VALID' });
		// The endpoint URI on this Node-RED (an importer types it into the create node).
		emulator.state.flows.of(flowId).endpoint_uri = `${red.url}/whatsapp-flow`;
	});

	it('answers the ping, INIT, the free times of a day, the details, and confirms the booking from the completion', async () => {
		const { day, completion } = await bookThrough(emulator, flowId);
		const confirmation = await red.waitFor(() => emulator.state.messages.find((m) => m.type === 'text'));
		// The text the flow built from the completion's parsed answer (flowResponse), sent to the user who booked.
		expect(confirmation.body).toMatchObject({ to: '+16505551234', text: { body: `Booked: ${day} at 10:30. See you, Jane Doe!` } });
		expect(completion.responseJson).toContain('"flow_token":"booking-4711"');
	});

	it('publishes the Flow: Meta\'s health check of the endpoint passes', async () => {
		const publish = await fetch(`${emulator.url}/v24.0/${flowId}/publish`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
		expect(await publish.json()).toEqual({ success: true });
	});

	it('refuses a request with the wrong signature (432) and one encrypted for another key (421, after the client\'s retry)', async () => {
		await refusals(emulator, flowId);
		// Node-RED's log reaches the test through a pipe, a moment after the answers.
		await red.waitFor(() => red.output.includes('refused a request: its X-Hub-Signature-256 does not match the App Secret'), 5000);
		await red.waitFor(() => /answered 421: cannot decrypt the request: the AES key does not open with this private key/.test(red.output), 5000);
	});

	it('answers 500 when the flow takes longer than the time limit, logs it, and keeps serving', async () => {
		const slow = emulator.state.flows.add({ name: 'Slow', categories: ['OTHER'], endpoint_uri: `${red.url}/slow-flow` }, emulator.clock.now());
		const started = Date.now();
		const late = await emulator.flowClient.open(slow.id, { flowToken: 'slow' });
		expect(late).toMatchObject({ status: 500, body: '' });
		expect(Date.now() - started).toBeLessThan(2500);
		await red.waitFor(() => red.output.includes('the flow did not answer within 1 s: answered 500'));
		// The delayed answer arrives after the 500: dropped and reported, the node goes on serving.
		await red.waitFor(() => red.output.includes('No Flow request to answer'), 10_000);
		expect((await emulator.flowClient.ping(slow.id)).status).toBe(200);
	});

	it('keeps every secret, the private key and the decrypted answers out of the log', () => {
		for (const secret of [...SECRETS, ...PAIR.privateKey.split('\n').filter((line) => line.length > 20)]) expect(red.output).not.toContain(secret);
		expect(red.output).not.toMatch(/Jane Doe|jane@example\.com/);
	});
});
