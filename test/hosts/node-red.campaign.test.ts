import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const USERS = 300;
/** Writes first (STOP): the service window it opens keeps its templates out of the messaging limit. */
const USER = '4915299999999';
const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-campaign-'));
const SENT = join(out, 'sent.jsonl');
const ERRORS = join(out, 'errors.jsonl');
const REPORT = join(out, 'report.jsonl');
const EVENTS = join(out, 'events.jsonl');

const SALE = { template: 'spring_sale|en_US', templateParameters: { 'body.1': 'today', 'button.0.copy_code': '25OFF' } };
const ORDER = { template: 'order_update|en_US', templateParameters: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Ana', 'body.order_number': '1', 'button.0.url': 'A' } };

/** inject → function (300 marketing templates) → send → file; catch → file; inject → manage (report) → file. */
function flows(baseUrl: string) {
	const audience = `for (let i = 0; i < ${USERS}; i++) node.send({ payload: { to: '+49152' + String(i).padStart(8, '0'), template: 'spring_sale|en_US', templateParameters: { 'body.1': 'today', 'button.0.copy_code': '25OFF' }, campaign: 'spring' } });\nreturn null;`;
	const file = (id: string, filename: string) => ({ id, type: 'file', z: 'tab1', filename, filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] });
	return [
		{ id: 'tab1', type: 'tab', label: 'Campaign' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl, throughput: 'standard', maxWaitSeconds: '120', messagingLimit: 'auto' },
		{ id: 'start', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['audience']] },
		{ id: 'audience', type: 'function', z: 'tab1', func: audience, outputs: 1, wires: [['send']] },
		{ id: 'send', type: 'whatsapp-platform-send', z: 'tab1', account: 'acct', operation: 'sendTemplate', params: {}, wires: [['shape']] },
		{ id: 'shape', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"waId": payload.waId}', tot: 'jsonata' }], wires: [['sent']] },
		file('sent', SENT),
		{ id: 'catch-all', type: 'catch', z: 'tab1', scope: null, uncaught: false, wires: [['error-text']] },
		{ id: 'error-text', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"message": error.message}', tot: 'jsonata' }], wires: [['errors']] },
		file('errors', ERRORS),
		{ id: 'report', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['get-report']] },
		{ id: 'get-report', type: 'whatsapp-platform-manage', z: 'tab1', account: 'acct', resource: 'campaign', operation: 'getReport', params: { campaign: 'spring' }, wires: [['report-file']] },
		file('report-file', REPORT),
		// One send at a time to USER, and the webhook node.
		{ id: 'one-sale', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JSON.stringify(SALE), payloadType: 'json', wires: [['to-user']] },
		{ id: 'one-order', type: 'inject', z: 'tab1', props: [{ p: 'payload' }], payload: JSON.stringify(ORDER), payloadType: 'json', wires: [['to-user']] },
		{ id: 'to-user', type: 'function', z: 'tab1', func: `msg.payload.to = '+${USER}'; return msg;`, outputs: 1, wires: [['send']] },
		{ id: 'hook', type: 'whatsapp-platform-webhook', z: 'tab1', account: 'acct', path: '/wa', wires: [['events']] },
		file('events', EVENTS),
	];
}

describe(`campaign safety in a real Node-RED ${selectedHosts().nodeRed.version}`, () => {
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

	it('300 marketing templates at TIER_250: 250 sent, 50 refused before sending naming the tier; a second run reaches the same 250 only; the report agrees', async () => {
		await red.waitFor(() => red.output.includes('token verified'));
		emulator.reset();
		for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = 'TIER_250';
		await red.inject('start');
		await red.waitFor(() => red.readJsonLines(SENT).length + red.readJsonLines(ERRORS).length >= USERS, 60_000);

		expect(red.readJsonLines(SENT)).toHaveLength(250);
		const errors = red.readJsonLines(ERRORS).map((line) => String(line.message));
		expect(errors).toHaveLength(50);
		for (const message of errors) expect(message).toMatch(/Messaging limit TIER_250 reached: 250 of 250 unique users reached in the last 24 hours by the portfolio; the oldest reach expires at /);
		expect(emulator.state.messages).toHaveLength(250);
		expect(emulator.state.requests.filter((r) => r.status >= 400)).toEqual([]);
		const reached = new Set(emulator.state.messages.map((m) => m.to));

		await red.inject('start');
		await red.waitFor(() => red.readJsonLines(SENT).length + red.readJsonLines(ERRORS).length >= 2 * USERS, 60_000);
		expect(emulator.state.messages).toHaveLength(500);
		expect(new Set(emulator.state.messages.slice(250).map((m) => m.to))).toEqual(reached);
		expect(emulator.state.requests.filter((r) => r.status >= 400)).toEqual([]);

		await red.inject('report');
		const [report] = await red.waitFor(() => red.readJsonLines(REPORT).length > 0 && red.readJsonLines(REPORT), 20_000);
		expect(report.payload ?? report).toMatchObject({ campaign: 'spring', sent: emulator.state.messages.length, refused: { messagingLimit: 100, total: 100 } });
		for (const secret of SECRETS) expect(red.output).not.toContain(secret);
	});

	it('STOP refuses marketing and still sends a utility template; resume sends marketing again; RED quality pauses it, GREEN resumes', async () => {
		emulator.options.callbackUrl = `${red.url}/wa`;
		// The emulator counts every template against its tier (emulator/campaign/safety.ts); the guard knows the window.
		for (const number of emulator.state.phoneNumbers.values()) number.whatsapp_business_manager_messaging_limit = 'TIER_2K';
		const user = USER;
		const control = (path: string, body: unknown) => fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const events = () => red.readJsonLines(EVENTS).length;
		const outcomes = () => red.readJsonLines(SENT).length + red.readJsonLines(ERRORS).length;
		/** Injects one send; its outcome: the emulator's template name, or the refusal. */
		const sendOne = async (node: string) => {
			const before = outcomes();
			const accepted = emulator.state.messages.length;
			await red.inject(node);
			await red.waitFor(() => outcomes() > before, 20_000);
			return emulator.state.messages.length > accepted ? (emulator.state.messages.at(-1)!.body.template as { name: string }).name : String(red.readJsonLines(ERRORS).at(-1)!.message);
		};
		const webhook = async (path: string, body: unknown) => {
			const seen = events();
			await control(path, body);
			await red.waitFor(() => events() > seen, 20_000);
		};

		await webhook('webhooks/inbound', { messages: [{ from: user, type: 'text', content: { body: 'STOP' } }] });
		await red.waitFor(() => emulator.state.messages.some((m) => m.type === 'text' && m.to === user), 20_000);
		expect(await sendOne('one-sale')).toMatch(/opted out of marketing \(keyword/);
		expect(await sendOne('one-order')).toBe('order_update');
		await webhook('user-preferences', { wa_id: user, value: 'resume' });
		expect(await sendOne('one-sale')).toBe('spring_sale');

		await webhook('quality', { rating: 'RED' });
		expect(await sendOne('one-sale')).toMatch(/Marketing from 106540352242922 is paused: its quality rating is FLAGGED/);
		expect(await sendOne('one-order')).toBe('order_update');
		await webhook('quality', { rating: 'GREEN' });
		expect(await sendOne('one-sale')).toBe('spring_sale');
	});

	it('the report\'s statuses equal what the emulator\'s status webhooks said, each counted once', async () => {
		emulator.options.callbackUrl = `${red.url}/wa`;
		const statusesSaid = (status: string) =>
			emulator.webhooks.deliveries
				.flatMap((d) => (JSON.parse(d.body.toString('utf8')) as { entry: Array<{ changes: Array<{ value: { statuses?: Array<{ status: string; biz_opaque_callback_data?: string }> } }> }> }).entry)
				.flatMap((e) => e.changes.flatMap((c) => c.value.statuses ?? []))
				.filter((item) => item.status === status && item.biz_opaque_callback_data === 'spring').length;
		const before = red.readJsonLines(SENT).length + red.readJsonLines(ERRORS).length;
		await red.inject('start');
		await red.waitFor(() => red.readJsonLines(SENT).length + red.readJsonLines(ERRORS).length >= before + USERS, 60_000);
		await emulator.webhooks.idle();
		const said = { delivered: statusesSaid('delivered'), read: statusesSaid('read') };
		expect(said.delivered).toBe(250);
		// The webhook node records each event before it passes it on: wait for the last to come out.
		await red.waitFor(() => red.readJsonLines(EVENTS).filter((e) => e.trackingData === 'spring').length >= 3 * 250, 30_000);
		await red.inject('report');
		const report = await red.waitFor(() => red.readJsonLines(REPORT).length > 1 && red.readJsonLines(REPORT).at(-1)!, 20_000);
		const sentWithKey = emulator.state.messages.filter((m) => m.body.biz_opaque_callback_data === 'spring').length;
		expect(report.payload ?? report).toMatchObject({ sent: sentWithKey, delivered: said.delivered, read: said.read, failed: 0, refused: { messagingLimit: 150 } });
	});
});
