import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';
import { INBOUND_OF_EVERY_TYPE, OTHER_KINDS, otherChanges } from './webhookScenarios';

const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-webhook-'));
const ALL = join(out, 'all.jsonl');
const FILTERED = join(out, 'filtered.jsonl');
const OTHER_NUMBER = '106540352242923';

interface Line {
	topic: string;
	event: Record<string, unknown>;
	change: { field: string };
}

/** webhook → change ({topic, event, change}) → file, twice: without and with filters. */
function flows() {
	const row = (id: string, path: string, file: string, filters: object, y: number) => [
		{ id: `hook-${id}`, type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path, ...filters, wires: [[`shape-${id}`]], x: 120, y },
		{ id: `shape-${id}`, type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"topic": topic, "event": payload, "change": change}', tot: 'jsonata' }], wires: [[`file-${id}`]], x: 320, y },
		{ id: `file-${id}`, type: 'file', z: 'tab1', filename: file, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [], x: 520, y },
	];
	return [
		{ id: 'tab1', type: 'tab', label: 'Webhooks' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: 'http://127.0.0.1:9' },
		...row('all', '/whatsapp', ALL, {}, 40),
		...row('filtered', '/whatsapp-read', FILTERED, { statuses: 'read, failed', phoneNumberIds: PHONE_NUMBER_ID, dedupWindowMinutes: '60' }, 100),
	];
}

describe(`whatsapp-platform-webhook in a real Node-RED ${selectedHosts().nodeRed.version}, fed signed webhooks by the emulator`, () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	let hookUrl = '';
	const lines = (file = ALL) => red.readJsonLines(file) as unknown as Line[];
	const waitLines = (count: number, file = ALL) => red.waitFor(() => lines(file).length >= count && lines(file));

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(), { acct: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
		await red.start();
		hookUrl = `${red.url}/whatsapp`;
		emulator.options.callbackUrl = hookUrl;
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it("passes Meta's handshake with the verify token and answers 403 to a wrong one", async () => {
		await expect(emulator.webhooks.verifyCallback(hookUrl, VERIFY_TOKEN)).resolves.toBeUndefined();
		await expect(emulator.webhooks.verifyCallback(hookUrl, 'wrong-token')).rejects.toMatchObject({ code: 2200 });
		const direct = await fetch(`${hookUrl}?hub.mode=subscribe&hub.challenge=42&hub.verify_token=${VERIFY_TOKEN}`);
		expect(direct.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await direct.text()).toBe('42');
	});

	it('refuses unsigned, wrongly signed and tampered bodies (401) and malformed ones (400), sending nothing', async () => {
		const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ type: 'text', content: { body: 'forged' } }])] }] });
		const sign = (raw: string, secret = APP_SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
		const post = (raw: string, signature?: string) =>
			fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body: raw });
		expect((await post(body)).status).toBe(401);
		expect((await post(body, sign(body, 'not-the-app-secret'))).status).toBe(401);
		expect((await post(body.replace('forged', 'forgeD'), sign(body))).status).toBe(401);
		expect((await post('{"entry":', sign('{"entry":'))).status).toBe(400);
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'genuine' } }])]);
		const [first] = await waitLines(1);
		expect(first.event.text).toBe('genuine');
		expect(lines()).toHaveLength(1);
	});

	it('sends one message per inbound message of every type and per other event, with topic and raw change', async () => {
		const start = lines().length;
		await emulator.webhooks.send([emulator.webhooks.inbound(INBOUND_OF_EVERY_TYPE), ...otherChanges(emulator)]);
		const got = (await waitLines(start + INBOUND_OF_EVERY_TYPE.length + OTHER_KINDS.length)).slice(start);
		const inbound = got.slice(0, INBOUND_OF_EVERY_TYPE.length);
		expect(inbound.map((l) => [l.topic, l.event.messageType])).toEqual(INBOUND_OF_EVERY_TYPE.map((m) => ['message', m.type]));
		expect(inbound[1].event).toMatchObject({ text: 'a reply', context: { messageId: 'wamid.original' } });
		expect(inbound[3].event).toMatchObject({ mediaId: '1003383421387256', mimeType: 'video/mp4' });
		expect(got.slice(INBOUND_OF_EVERY_TYPE.length).map((l) => [l.topic, l.event.status])).toEqual(OTHER_KINDS);
		expect(got[0].change.field).toBe('messages');
		expect(got.at(-1)!.change.field).toBe('calls');
	});

	it('verifies non-ASCII text, deduplicates redeliveries, and takes 1,000 updates and 3 MB in one POST', async () => {
		const start = lines().length;
		const unicode = emulator.webhooks.inbound([{ type: 'text', content: { body: 'Grüße 😀 https://example.com/a' } }]);
		const copies = await emulator.webhooks.send([unicode], 3);
		expect(copies.map((d) => d.attempts)).toEqual([[200], [200], [200]]);
		const thousand = Array.from({ length: 1000 }, (_, i) => ({ type: 'text', content: { body: `message ${i}` } }));
		await emulator.webhooks.send([emulator.webhooks.inbound(thousand)]);
		const big = Array.from({ length: 720 }, (_, i) => ({ type: 'text', content: { body: `${i} `.padEnd(4000, 'x') + 'é'.repeat(16) } }));
		const [bigDelivery] = await emulator.webhooks.send([emulator.webhooks.inbound(big)]);
		expect(bigDelivery.body.length).toBeGreaterThan(3_000_000);
		expect(bigDelivery.attempts, bigDelivery.failures.join('; ')).toEqual([200]);
		const got = (await waitLines(start + 1 + 1000 + 720)).slice(start);
		expect(got).toHaveLength(1721);
		expect(got[0].event.text).toBe('Grüße 😀 https://example.com/a');
		expect(got[1000].event.text).toBe('message 999');
		expect(got[1720].event.text).toBe('719 '.padEnd(4000, 'x') + 'é'.repeat(16));
	});

	it('filters by status kind and phone number id on a second path', async () => {
		emulator.options.callbackUrl = `${red.url}/whatsapp-read`;
		try {
			await emulator.webhooks.send([
				...otherChanges(emulator).slice(0, 4),
				emulator.webhooks.inbound([{ type: 'text', content: { body: 'other number' }, phoneNumberId: OTHER_NUMBER }]),
				emulator.webhooks.inbound([{ type: 'text', content: { body: 'this number' } }]),
			]);
			const got = await waitLines(3, FILTERED);
			expect(got.map((l) => [l.topic, l.event.status ?? l.event.text])).toEqual([
				['status', 'read'],
				['status', 'failed'],
				['message', 'this number'],
			]);
		} finally {
			emulator.options.callbackUrl = hookUrl;
		}
	});

	it('keeps every secret out of the log and the messages', () => {
		const everything = red.output + JSON.stringify(lines()) + JSON.stringify(lines(FILTERED));
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
		expect(red.output).toContain('refused a webhook delivery: 401');
	});
});
