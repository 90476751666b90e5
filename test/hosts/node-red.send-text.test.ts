import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-out-'));
const RESULTS = join(out, 'results.jsonl');
const ERRORS = join(out, 'errors.jsonl');

/** inject → send → file (results); catch → change → file (errors). */
function flows(baseUrl: string) {
	const account = (id: string) => ({ id, type: 'whatsapp-platform-config', name: `WhatsApp ${id}`, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl });
	const sendRow = (id: string, accountId: string, payload: unknown, y: number) => [
		{ id: `inject-${id}`, type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JSON.stringify(payload), payloadType: 'json', wires: [[`send-${id}`]], x: 100, y },
		{ id: `send-${id}`, type: 'whatsapp-platform-send', z: 'tab1', account: accountId, operation: 'sendText', params: { body: 'configured text' }, wires: [['results']], x: 300, y },
	];
	return [
		{ id: 'tab1', type: 'tab', label: 'WhatsApp' },
		account('acct-good'),
		account('acct-wrong'),
		...sendRow('cloud', 'acct-good', { to: '+16505551234', type: 'text', text: { body: 'Hello from Node-RED', preview_url: false } }, 40),
		...sendRow('fields', 'acct-good', { to: '4915112345678' }, 100),
		...sendRow('wrong', 'acct-wrong', { to: '+16505551234', body: 'hi' }, 160),
		{ id: 'results', type: 'file', z: 'tab1', x: 500, y: 40, filename: RESULTS, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] },
		{ id: 'catch-all', type: 'catch', z: 'tab1', x: 100, y: 220, scope: null, uncaught: false, wires: [['shape-error']] },
		{ id: 'shape-error', type: 'change', z: 'tab1', x: 300, y: 220, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"error": error, "whatsappError": whatsappError}', tot: 'jsonata' }], wires: [['errors']] },
		{ id: 'errors', type: 'file', z: 'tab1', x: 500, y: 220, filename: ERRORS, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] },
	];
}

describe(`a real Node-RED ${selectedHosts().nodeRed.version} with the package installed as Manage Palette does`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url), {
			'acct-good': { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
			'acct-wrong': { accessToken: 'EAAwrong-token-9876543210', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN },
		});
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('loads the package and checks the token against the default phone number', async () => {
		await red.waitFor(() => red.output.includes('token verified for Flowpace Demo (15550783881)'));
		expect(red.output).toMatch(/could not verify the access token: WhatsApp error 190/);
	});

	it('sends a Cloud API message object from msg.payload and outputs the response', async () => {
		emulator.state.requests.length = 0;
		await red.inject('inject-cloud');
		const [result] = await red.waitFor(() => red.readJsonLines(RESULTS).length >= 1 && red.readJsonLines(RESULTS));
		const sent = emulator.state.requests.filter((r) => r.path.endsWith('/messages'));
		expect(sent).toHaveLength(1);
		expect(sent[0].path).toBe(`/v24.0/${PHONE_NUMBER_ID}/messages`);
		expect(sent[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+16505551234',
			type: 'text',
			text: { body: 'Hello from Node-RED', preview_url: false },
		});
		expect(result.messageId).toBe(emulator.state.messages.at(-1)!.id);
		expect(result.waId).toBe('16505551234');
	});

	it('takes the text from the node settings when msg.payload carries only the recipient', async () => {
		await red.inject('inject-fields');
		await red.waitFor(() => red.readJsonLines(RESULTS).length >= 2);
		expect(emulator.state.messages.at(-1)!.body).toMatchObject({ to: '+4915112345678', text: { body: 'configured text', preview_url: false } });
	});

	it('sends a wrong-token error to Catch nodes with the Graph code, and no secret anywhere', async () => {
		await red.inject('inject-wrong');
		const [caught] = await red.waitFor(() => red.readJsonLines(ERRORS).length >= 1 && red.readJsonLines(ERRORS));
		expect((caught.error as { message: string }).message).toContain('WhatsApp error 190');
		expect(caught.whatsappError).toMatchObject({ code: 190, httpStatus: 401 });
		const everything = red.output + JSON.stringify(red.readJsonLines(RESULTS)) + JSON.stringify(caught);
		for (const secret of [...SECRETS, 'EAAwrong-token-9876543210']) expect(everything).not.toContain(secret);
	});
});
