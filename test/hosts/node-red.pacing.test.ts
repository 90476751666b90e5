import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const MESSAGES = 1000;
const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-pacing-'));
const RESULTS = join(out, 'results.jsonl');
const STATUS = join(out, 'status.jsonl');
const ERRORS = join(out, 'errors.jsonl');

/** inject -> function (1,000 messages at once) -> send -> file; the send node's status -> file. */
function flows(baseUrl: string) {
	const burst = `for (let i = 0; i < ${MESSAGES}; i++) node.send({ payload: { to: '+49152' + String(i).padStart(8, '0') } });\nreturn null;`;
	const file = (id: string, filename: string) => ({ id, type: 'file', z: 'tab1', filename, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] });
	return [
		{ id: 'tab1', type: 'tab', label: 'Campaign' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, throughput: 'standard', maxWaitSeconds: '120' },
		{ id: 'start', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['burst']] },
		{ id: 'burst', type: 'function', z: 'tab1', func: burst, outputs: 1, wires: [['send']] },
		{ id: 'send', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendText', params: { body: 'Spring sale starts tomorrow' }, wires: [['shape']] },
		{ id: 'shape', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"waId": payload.waId, "pacing": pacing}', tot: 'jsonata' }], wires: [['results']] },
		file('results', RESULTS),
		{ id: 'watch-status', type: 'status', z: 'tab1', scope: null, wires: [['status-text']] },
		{ id: 'status-text', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"text": status.text}', tot: 'jsonata' }], wires: [['status-file']] },
		file('status-file', STATUS),
		{ id: 'catch-all', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['errors']] },
		file('errors', ERRORS),
	];
}

describe(`pacing in a real Node-RED ${selectedHosts().nodeRed.version}: a burst of 1,000 messages`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('sends all of them, never over 80 msg/s and with zero limit errors, showing queue depth and rate', async () => {
		await red.waitFor(() => red.output.includes('token verified'));
		emulator.reset();
		await red.inject('start');
		const results = await red.waitFor(() => red.readJsonLines(RESULTS).length >= MESSAGES && red.readJsonLines(RESULTS), 60_000);

		expect(results).toHaveLength(MESSAGES);
		expect(red.readJsonLines(ERRORS)).toEqual([]);
		expect(emulator.state.messages).toHaveLength(MESSAGES);
		expect(emulator.limits.refused).toEqual({ 130429: 0, 131056: 0, 80007: 0 });
		expect(emulator.limits.busiestSecond(PHONE_NUMBER_ID)).toBeLessThanOrEqual(80);
		// Speed belongs to the benchmark; printed here only to see what this host reached on this machine.
		const times = emulator.state.messages.map((m) => m.at);
		// eslint-disable-next-line no-console
		console.log(`Node-RED: ${times.length} messages at ${((times.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000)).toFixed(1)} msg/s`);

		expect(new Set(results.map((r) => r.waId)).size).toBe(MESSAGES);
		expect(Math.max(...results.map((r) => (r.pacing as { waitedMs: number }).waitedMs))).toBeGreaterThan(10_000);
		const statuses = red.readJsonLines(STATUS).map((line) => String(line.text));
		expect(statuses.some((text) => /^\d+ waiting · \d+ msg\/s$/.test(text)), JSON.stringify(statuses.slice(0, 5))).toBe(true);
		// Once the queue is empty the status shows the last result, not the queue.
		expect(statuses.at(-1)).not.toMatch(/waiting/);
		for (const secret of SECRETS) expect(red.output).not.toContain(secret);
	});
});
