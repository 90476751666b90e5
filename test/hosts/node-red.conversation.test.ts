import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { RedisServer } from '../../scripts/redisServer';
import { REPO } from './pack';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

type Json = Record<string, unknown>;
const out = mkdtempSync(join(tmpdir(), 'flowpace-nr-conversation-'));
const file = (name: string) => join(out, `${name}.jsonl`);
const USERS = { ada: '16505550201', ben: '16505550202', cy: '16505550203', dee: '16505550204', eve: '16505550205', fay: '16505550206', gus: '16505550207', hal: '16505550208', ivy: '16505550209', jo: '16505550210', kim: '16505550211' };
const BUTTONS = '[{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]';

/** Writes what arrives to a file, one JSON line per message: its topic, payload and the properties a flow would use. */
function toFile(id: string, name: string, y: number) {
	return [
		{ id: `shape-${id}`, type: 'change', z: 'tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"topic": topic, "payload": payload, "order": order, "question": question, "error": error.message}', tot: 'jsonata' }], wires: [[`file-${id}`]], x: 700, y },
		{ id: `file-${id}`, type: 'file', z: 'tab', filename: file(name), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [], x: 900, y },
	];
}

/** inject → one message per recipient (`payload.to`, and what `extra` adds for it), numbered in `order` → the node. */
function asker(id: string, recipients: string[], node: Json, y: number, extra: Record<string, Json> = {}) {
	const func = `const extra = ${JSON.stringify(extra)};\n${JSON.stringify(recipients)}.forEach((to, order) => node.send({ payload: { to, ...extra[to] }, order }));\nreturn null;`;
	return [
		{ id: `inject-${id}`, type: 'inject', z: 'tab', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [[`split-${id}`]], x: 100, y },
		{ id: `split-${id}`, type: 'function', z: 'tab', func, outputs: 1, wires: [[id]], x: 280, y },
		{ z: 'tab', x: 480, y, ...node, id },
	];
}

/** The ask-and-branch example as an importer runs it: only its account changes, pointed at this emulator. */
function example(emulatorUrl: string): Json[] {
	const flow = JSON.parse(readFileSync(join(REPO, 'examples', 'ask-and-branch.json'), 'utf8')) as Json[];
	return flow.map((node) => (node.type === 'whatsapp-platform-config' ? { ...node, baseUrl: emulatorUrl } : node));
}
const EXAMPLE = { account: 'a5ca5c0de0000020', inject: 'a5ca5c0de0000003', to: '16505551234' };

function flows(emulatorUrl: string) {
	const account = { wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulatorUrl };
	const question = { type: 'whatsapp-platform-send', operation: 'sendAndWaitForReply', paramTypes: { to: 'msg' }, outputs: 2 };
	return [
		{ id: 'tab', type: 'tab', label: 'Ask' },
		{ id: 'acct', type: 'whatsapp-platform-config', name: 'memory', ...account },
		{ id: 'acctRedis', type: 'whatsapp-platform-config', name: 'redis', ...account },
		...asker('ask', [`+${USERS.ada}`, `+${USERS.ben}`, `+${USERS.cy}`], { ...question, account: 'acct', params: { to: 'payload.to', body: 'Can we deliver tomorrow?', buttons: BUTTONS, limitWaitTime: true, waitAmount: 8, waitUnit: 'seconds', onTimeout: 'output' }, wires: [['shape-answers'], ['shape-timeouts']] }, 40),
		...toFile('answers', 'answers', 40),
		...toFile('timeouts', 'timeouts', 80),
		...asker('askRedis', [`+${USERS.fay}`], { ...question, account: 'acctRedis', params: { to: 'payload.to', body: 'Still at home?', buttons: BUTTONS }, wires: [['shape-redis'], []] }, 160),
		...toFile('redis', 'redis-answers', 160),
		...asker('askText', [`+${USERS.kim}`], { ...question, account: 'acct', params: { to: 'payload.to', questionType: 'text', body: 'What is your order number?', matchBy: 'nextMessage' }, wires: [['shape-text'], []] }, 200),
		...toFile('text', 'text-answers', 200),
		...asker(
			'window',
			[`+${USERS.dee}`, `+${USERS.eve}`, `+${USERS.gus}`],
			{
				type: 'whatsapp-platform-send',
				operation: 'sendText',
				account: 'acct',
				paramTypes: { to: 'msg' },
				params: { to: 'payload.to', body: 'Your parcel is at the door', outsideWindow: 'fail' },
				wires: [['shape-window']],
			},
			240,
			{ [`+${USERS.gus}`]: { outsideWindow: 'template', fallbackTemplate: 'appointment_reminder', fallbackParameters: { 'header.1': 'Gus', 'body.1': 'May 5', 'body.2': '10:00' } } },
		),
		...toFile('window', 'window', 240),
		...asker('askBad', [`+${USERS.hal}`, `+${USERS.ivy}`, `+${USERS.jo}`], { ...question, account: 'acct', params: { to: 'payload.to', body: 'Which slot?', buttons: BUTTONS }, wires: [['shape-answers'], ['shape-timeouts']] }, 360, {
			[`+${USERS.hal}`]: { buttons: '["Mon", "Tue", "Wed", "Thu"]' },
			[`+${USERS.ivy}`]: { limitWaitTime: true, waitAmount: 31, waitUnit: 'days' },
			[`+${USERS.jo}`]: { limitWaitTime: true, waitAmount: 2, waitUnit: 'seconds', onTimeout: 'fail' },
		}),
		...asker('template', [`+${USERS.eve}`], { type: 'whatsapp-platform-send', operation: 'sendTemplate', account: 'acct', paramTypes: { to: 'msg' }, params: { to: 'payload.to', template: 'appointment_reminder', templateParameters: { 'header.1': 'Eve', 'body.1': 'May 5', 'body.2': '10:00' } }, wires: [['shape-window']] }, 280),
		{ id: 'catch', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['shape-errors']], x: 100, y: 320 },
		...toFile('errors', 'errors', 320),
		{ id: 'hook', type: 'whatsapp-platform-webhook', z: 'tab', account: 'acct', path: '/whatsapp-memory', events: 'message', wires: [['shape-started']], x: 100, y: 400 },
		...toFile('started', 'started', 400),
		{ id: 'hookRedis', type: 'whatsapp-platform-webhook', z: 'tab', account: 'acctRedis', path: '/whatsapp-redis', events: 'message', startOnReplies: true, wires: [['shape-started']], x: 100, y: 440 },
	];
}

describe('Send and Wait for Reply in a real Node-RED 5, answered through the emulator', () => {
	let emulator: GraphEmulator;
	let redis: RedisServer;
	let red: NodeRedHost;
	const lines = (name: string) => red.readJsonLines(file(name)) as Array<{ topic?: string; payload: Json; order?: number; question?: Json; error?: string }>;
	const questionTo = (user: string, type = 'interactive') => red.waitFor(() => [...emulator.state.messages].reverse().find((m) => m.to === user && m.type === type)?.id);
	const reply = (messageId: string, id: string, path = '/whatsapp-memory') => emulator.replies.reply({ messageId, kind: 'button', id, callbackUrl: `${red.url}${path}` });

	beforeAll(async () => {
		[emulator, redis] = await Promise.all([startTestEmulator(), RedisServer.start()]);
		red = await NodeRedHost.create(inject('tarball'));
		const secrets = { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN };
		red.writeFlows([...flows(emulator.url), ...example(emulator.url)], { acct: secrets, acctRedis: { ...secrets, redisUrl: redis.url }, [EXAMPLE.account]: secrets });
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
		await redis?.kill();
	});

	it('two recipients tap different buttons and each message continues with its own answer; the third times out to the second output', async () => {
		await red.inject('inject-ask');
		const [ada, ben, cy] = await Promise.all([questionTo(USERS.ada), questionTo(USERS.ben), questionTo(USERS.cy)]);
		const forged = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ from: USERS.cy, type: 'interactive', replyTo: cy, content: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }])] }] });
		const refused = await fetch(`${red.url}/whatsapp-memory`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + createHmac('sha256', 'wrong').update(forged).digest('hex') }, body: forged });
		expect(refused.status).toBe(401);
		await reply(ben, 'no');
		await reply(ada, 'yes');
		const answers = await red.waitFor(() => lines('answers').length >= 2 && lines('answers'));
		expect(answers.map((line) => [line.order, line.topic, line.payload.replyId, line.payload.questionMessageId, line.question?.messageId])).toEqual([
			[1, 'reply', 'no', ben, ben],
			[0, 'reply', 'yes', ada, ada],
		]);
		expect(answers[1].payload).toMatchObject({ replyTitle: 'Yes', from: USERS.ada, replyMessageId: expect.stringMatching(/^wamid\./), timestamp: expect.any(String) });
		const [timeout] = await red.waitFor(() => lines('timeouts').length > 0 && lines('timeouts'), 30_000);
		expect(timeout).toMatchObject({ order: 2, topic: 'timeout', payload: { timedOut: true, questionMessageId: cy, to: USERS.cy } });
		expect(lines('started')).toEqual([]);
	});

	it('a reply after the timeout resumes nothing: the webhook node outputs it as any message', async () => {
		const cy = await questionTo(USERS.cy);
		await reply(cy, 'yes');
		const [late] = await red.waitFor(() => lines('started').length > 0 && lines('started'));
		expect(late).toMatchObject({ topic: 'message', payload: { from: USERS.cy, replyId: 'yes', contextMessageId: cy, windowOpenUntil: expect.any(String) } });
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect([lines('answers').length, lines('timeouts').length]).toEqual([2, 1]);
	});

	it('a free-form send to a user whose window closed fails before any request, or sends the template instead; a template to that user is sent', async () => {
		const hours = (n: number) => Math.floor(Date.now() / 1000) - n * 3600;
		await emulator.webhooks.send([emulator.webhooks.inbound([{ from: USERS.dee, type: 'text', content: { body: 'Hi' }, timestamp: hours(0) }, { from: USERS.eve, type: 'text', content: { body: 'Hi' }, timestamp: hours(25) }])], 1, `${red.url}/whatsapp-memory`);
		await red.waitFor(() => lines('started').length >= 3);
		const before = emulator.state.requests.length;
		await red.inject('inject-window');
		await red.waitFor(() => lines('window').length >= 2 && lines('errors').length >= 1);
		await red.inject('inject-template');
		await red.waitFor(() => lines('window').length >= 3);
		expect(lines('errors')).toEqual([expect.objectContaining({ order: 1, error: expect.stringMatching(/^OutsideWindowError: \+16505550205 is outside the 24-hour customer service window of phone number 106540352242922/) })]);
		const sends = emulator.state.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
		expect(sends.map((r) => [(r.body as Json).to, (r.body as Json).type]).sort()).toEqual([
			[`+${USERS.dee}`, 'text'],
			[`+${USERS.eve}`, 'template'],
			[`+${USERS.gus}`, 'template'],
		]);
		expect(lines('window').find((line) => line.order === 2)?.payload).toMatchObject({ sentTemplateInstead: true });
	});

	it('refuses a question over a platform limit or a wait over 30 days before any request; a question out of time goes to Catch nodes when set to fail', async () => {
		const before = emulator.state.requests.length;
		await red.inject('inject-askBad');
		const failed = await red.waitFor(() => lines('errors').length >= 4 && lines('errors').slice(1), 30_000);
		const jo = await questionTo(USERS.jo);
		expect(failed.map((line) => [line.order, line.error])).toEqual([
			[0, 'ValidationError: Invalid Buttons (JSON) (buttons): must have at most 3 buttons, got 4'],
			[1, 'ValidationError: Invalid Wait Amount (waitAmount): is 31 days; a question waits at most 30 days (Meta stops trying to deliver a message after 30 days)'],
			[2, expect.stringMatching(new RegExp(`^No answer from \\+${USERS.jo} by \\S+: the wait time ran out for question `))],
		]);
		expect(failed[2].error?.endsWith(jo)).toBe(true);
		expect(failed[2]).toMatchObject({ topic: 'timeout', payload: { timedOut: true, questionMessageId: jo } });
		const sends = emulator.state.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
		expect(sends.map((r) => (r.body as Json).to)).toEqual([`+${USERS.jo}`]);
		expect([lines('answers').length, lines('timeouts').length]).toEqual([2, 1]);
	});

	it('a free-text question set to take the next message is answered by the recipient\'s next message, quoted or not', async () => {
		await red.inject('inject-askText');
		const asked = await questionTo(USERS.kim, 'text');
		await emulator.webhooks.send([emulator.webhooks.inbound([{ from: USERS.kim, type: 'text', content: { body: 'It is 4711' } }])], 1, `${red.url}/whatsapp-memory`);
		const [answer] = await red.waitFor(() => lines('text-answers').length > 0 && lines('text-answers'));
		expect(answer).toMatchObject({ topic: 'reply', payload: { text: 'It is 4711', from: USERS.kim, questionMessageId: asked }, question: { messageId: asked } });
		expect(lines('started').filter((line) => line.payload.from === USERS.kim)).toEqual([]);
	});

		it('a question waiting in Redis survives a redeploy and a restart: the node of the same id sends its answer on, and a webhook node with Answers ticked outputs it too', async () => {
		await red.inject('inject-askRedis');
		const first = await questionTo(USERS.fay);
		const deployed = await (await fetch(`${red.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).json();
		const redeploy = await fetch(`${red.url}/flows`, { method: 'POST', headers: { 'content-type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify(deployed) });
		expect(redeploy.status).toBe(200);
		await reply(first, 'yes', '/whatsapp-redis');
		await red.waitFor(() => lines('redis-answers').length >= 1);

		await red.inject('inject-askRedis');
		const second = await red.waitFor(() => emulator.state.messages.filter((m) => m.to === USERS.fay && m.type === 'interactive')[1]?.id);
		await red.stop();
		await red.start();
		await reply(second, 'no', '/whatsapp-redis');
		const answers = await red.waitFor(() => lines('redis-answers').length >= 2 && lines('redis-answers'));
		expect(answers.map((line) => [line.order, line.payload.replyId, line.payload.questionMessageId])).toEqual([
			[0, 'yes', first],
			[0, 'no', second],
		]);
		// That webhook node has Answers ticked: it also outputs the answers it handed over.
		expect(lines('started').filter((line) => line.payload.from === USERS.fay).map((line) => [line.topic, line.payload.replyId, line.payload.contextMessageId])).toEqual([
			['message', 'yes', first],
			['message', 'no', second],
		]);
	});

	it('the ask-and-branch example: each button tapped gets its own answer, quoting the tap', async () => {
		const asked = () => emulator.state.messages.filter((m) => m.to === EXAMPLE.to && m.type === 'interactive');
		const answered = () => emulator.state.messages.filter((m) => m.to === EXAMPLE.to && m.type === 'text');
		await red.inject(EXAMPLE.inject);
		const confirm = await reply(await red.waitFor(() => asked()[0]?.id), 'confirm', '/whatsapp');
		await red.waitFor(() => answered().length === 1);
		await red.inject(EXAMPLE.inject);
		const reschedule = await reply(await red.waitFor(() => asked()[1]?.id), 'reschedule', '/whatsapp');
		await red.waitFor(() => answered().length === 2);
		expect(answered().map((m) => m.body)).toEqual([
			expect.objectContaining({ context: { message_id: confirm.id }, text: expect.objectContaining({ body: 'Thank you, see you tomorrow at 10:00.' }) }),
			expect.objectContaining({ context: { message_id: reschedule.id }, text: expect.objectContaining({ body: 'We will call you today to find another time.' }) }),
		]);
	});

	it('keeps every secret out of the log', () => {
		for (const secret of SECRETS) expect(red.output).not.toContain(secret);
	});
});
