import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { RedisServer } from '../../scripts/redisServer';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';
import { REPO } from './pack';

type Json = Record<string, unknown>;
const USERS = { ada: '16505550101', ben: '16505550102', cy: '16505550103', dee: '16505550104', eve: '16505550105', fay: '16505550106', gus: '16505550107' };
const credential = (id: string, extra: Json = {}) => ({
	id,
	name: id,
	type: 'whatsAppPlatformApi',
	data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', ...extra },
});
const uses = (id: string) => ({ whatsAppPlatformApi: { id, name: id } });

/** An HTTP Request node that POSTs all the run's items to the collector, tagged with `route`. */
function collect(name: string, url: string, route: string, position: [number, number]) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		executeOnce: true,
		parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify({ route: '${route}', items: $input.all().map((item) => item.json) }) }}`, options: {} },
	};
}

/** A webhook (POST {recipients}) → one item per recipient → the node under test → collector. */
function started(id: string, path: string, node: Json, outputs: Array<[string, string]>, collector: string) {
	const collectors = outputs.map(([name, route], index) => collect(name, collector, route, [660, index * 200]));
	return {
		id,
		name: id,
		active: false,
		settings: {},
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} } },
			{ id: randomUUID(), name: 'Recipients', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: 'return $json.body.recipients.map((to) => ({ json: { to } }));' } },
			{ id: randomUUID(), name: 'Node', position: [440, 0], typeVersion: 1, type: `${PACKAGE}.whatsAppPlatform`, ...node },
			...collectors,
		],
		connections: {
			Start: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: 'Node', type: 'main', index: 0 }]] },
			Node: { main: collectors.map((c) => [{ node: c.name, type: 'main', index: 0 }]) },
		},
	};
}

/** The trigger of an account (its own path), every run's items to the collector. */
function trigger(id: string, credentialId: string, route: string, collector: string) {
	return {
		id,
		name: id,
		active: false,
		settings: {},
		nodes: [
			{ id: randomUUID(), name: 'Trigger', type: `${PACKAGE}.whatsAppPlatformTrigger`, typeVersion: 1, position: [0, 0], webhookId: id, parameters: { options: { events: ['message'] } }, credentials: uses(credentialId) },
			collect('Collect', collector, route, [220, 0]),
		],
		connections: { Trigger: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } },
	};
}

const question = (credentialId: string, wait: Json) => ({
	credentials: uses(credentialId),
	parameters: { resource: 'message', operation: 'sendAndWaitForReply', to: '={{ $json.to }}', body: 'Can we deliver tomorrow?', buttons: '[{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]', ...wait },
});
/** The ask-and-branch example as the editor's Import reads it: its credential picked by name. */
const example = JSON.parse(readFileSync(join(REPO, 'examples', 'n8n', 'ask-and-branch.json'), 'utf8')) as { nodes: Array<Json & { type: string; webhookId?: string }> };
const EXAMPLE = { credential: 'WhatsApp Platform API account', to: '16505551234', trigger: example.nodes.find((node) => node.type === `${PACKAGE}.whatsAppPlatformTrigger`)!.webhookId! };
const LIMITED = { limitWaitTime: true, waitAmount: 12, waitUnit: 'seconds', onTimeout: 'output' };

describe('Send and Wait for Reply in a real n8n 2.x, answered through the emulator', () => {
	let emulator: GraphEmulator;
	let redis: RedisServer;
	let collector: Collector;
	let n8n: N8nHost;
	let port = 0;
	const hook = (id: string) => `${n8n.url}/webhook/${id}/webhook`;
	const posted = (route: string) => (collector.bodies as Array<{ route: string; items: Json[] }>).filter((body) => body.route === route).map((body) => body.items);
	async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const value = await probe();
			if (value) return value;
			if (Date.now() > deadline) throw new Error(`${what}: timed out. n8n said:\n${n8n.logTail(8000)}\nworker:\n${n8n.logTail(3000, 'worker')}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}
	const questionTo = (user: string) => until(`a question to ${user}`, () => emulator.state.messages.find((m) => m.to === user)?.id);
	const ask = async (path: string, recipients: string[]) => expect((await fetch(`${n8n.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ recipients }) })).status).toBe(200);
	/** The user taps a button; the trigger must have taken the delivery (Meta would retry for days, the emulator for a moment). */
	const reply = async (messageId: string, id: string, triggerId: string) => {
		const { deliveries } = await emulator.replies.reply({ messageId, kind: 'button', id, callbackUrl: hook(triggerId) });
		expect(deliveries.map((d) => ({ delivered: d.delivered, attempts: d.attempts, failures: d.failures }))).toEqual([expect.objectContaining({ delivered: true })]);
	};
	/** The status n8n stored for a workflow's last execution, read from its SQLite database with the Node.js n8n runs on. */
	const lastExecutionStatus = (workflowId: string) => {
		const read = `const { DatabaseSync } = require('node:sqlite');
			const row = new DatabaseSync(process.argv[1], { readOnly: true }).prepare('SELECT status FROM execution_entity WHERE workflowId = ? ORDER BY id DESC LIMIT 1').get(process.argv[2]);
			process.stdout.write(row ? row.status : '');`;
		return execFileSync('node', ['-e', read, join(n8n.userFolder, '.n8n', 'database.sqlite'), workflowId], { env: n8n.env(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	};
	const queue = () => ({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port) });

	beforeAll(async () => {
		[emulator, redis, collector] = await Promise.all([startTestEmulator(), RedisServer.start(), new Collector().start()]);
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			credential('credMemory000001', { baseUrl: emulator.url }),
			credential('credRedis0000001', { baseUrl: emulator.url, redisUrl: redis.url }),
			{ ...credential('credExample00001', { baseUrl: emulator.url }), name: EXAMPLE.credential },
		]);
		const workflows = [
			started('wfAskMemory00001', 'ask-memory', question('credMemory000001', LIMITED), [['Answers', 'answers'], ['Timed Out', 'timeouts']], collector.url),
			started('wfAskRedis000001', 'ask-redis', question('credRedis0000001', {}), [['Answers', 'redis-answers']], collector.url),
			trigger('trMemory00000001', 'credMemory000001', 'started', collector.url),
			trigger('trRedis000000001', 'credRedis0000001', 'started-redis', collector.url),
			started(
				'wfWindow00000001',
				'window',
				{ credentials: uses('credMemory000001'), onError: 'continueRegularOutput', parameters: { resource: 'message', operation: 'sendText', to: '={{ $json.to }}', body: 'Your parcel is at the door', outsideWindow: '={{ $json.to === "+' + USERS.gus + '" ? "template" : "fail" }}', fallbackTemplate: { __rl: true, mode: 'name', value: 'appointment_reminder' }, fallbackParameters: '{"header.1": "Gus", "body.1": "May 5", "body.2": "10:00"}' } },
				[['Sent', 'window']],
				collector.url,
			),
			{ ...example, id: 'wfAskBranch00001' },
		];
		for (const workflow of workflows) {
			await n8n.importWorkflow(workflow);
			await n8n.activate(workflow.id);
		}
		port = await freePort();
		await n8n.start(port);
		await until('the triggers subscribed', () => emulator.state.subscriptions.some((s) => s.overrideCallbackUri?.startsWith(`${n8n.url}/webhook/`)));
		for (const id of ['trMemory00000001', 'trRedis000000001', EXAMPLE.trigger]) await n8n.triggerListening(hook(id));
	});

	afterAll(async () => {
		await n8n?.stopWorker();
		await n8n?.stop();
		await collector?.stop();
		await emulator?.stop();
		await redis?.kill();
	});

	it('two recipients tap different buttons and each item continues with its own answer; the third times out to the Timed Out output', async () => {
		await ask('ask-memory', [`+${USERS.ada}`, `+${USERS.ben}`, `+${USERS.cy}`]);
		const [ada, ben, cy] = await Promise.all([questionTo(USERS.ada), questionTo(USERS.ben), questionTo(USERS.cy)]);
		expect(emulator.state.messages.find((m) => m.id === ada)?.body).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: 'Can we deliver tomorrow?' } } });

		// A forged reply (not signed with the App Secret) is refused and resumes nothing.
		const forged = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ from: USERS.cy, type: 'interactive', replyTo: cy, content: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }])] }] });
		const refused = await fetch(hook('trMemory00000001'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + createHmac('sha256', 'not-the-app-secret').update(forged).digest('hex') }, body: forged });
		expect(refused.status).toBe(401);

		await reply(ada, 'yes', 'trMemory00000001');
		await reply(ben, 'no', 'trMemory00000001');
		const [answers] = await until('the answers', () => posted('answers').length > 0 && posted('answers'));
		const [timeouts] = await until('the timeout', () => posted('timeouts').length > 0 && posted('timeouts'));
		expect(answers).toEqual([
			expect.objectContaining({ questionMessageId: ada, replyId: 'yes', replyTitle: 'Yes', from: USERS.ada, replyMessageId: expect.stringMatching(/^wamid\./), timestamp: expect.any(String) }),
			expect.objectContaining({ questionMessageId: ben, replyId: 'no', replyTitle: 'No', from: USERS.ben }),
		]);
		expect(timeouts).toEqual([expect.objectContaining({ timedOut: true, questionMessageId: cy, to: USERS.cy })]);
		// The answers started no run of the trigger's own workflow; the forged one nothing at all.
		expect(posted('started')).toEqual([]);
	});

	it('a reply after the timeout resumes nothing: it starts the trigger as any message does', async () => {
		const cy = emulator.state.messages.find((m) => m.to === USERS.cy)!.id;
		await reply(cy, 'yes', 'trMemory00000001');
		const [late] = await until('the late reply', () => posted('started').length > 0 && posted('started'));
		expect(late).toEqual([expect.objectContaining({ kind: 'message', from: USERS.cy, replyId: 'yes', contextMessageId: cy, windowOpenUntil: expect.any(String) })]);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect([posted('answers'), posted('timeouts')].map((bodies) => bodies.length)).toEqual([1, 1]);
	});

	it('a free-form send to a user whose window closed fails before any request, or sends the template instead; one who wrote gets it', async () => {
		// Dee wrote just now; Eve wrote 25 hours ago, Gus never did: only the trigger's deliveries tell the window.
		const hours = (n: number) => Math.floor(Date.now() / 1000) - n * 3600;
		await emulator.webhooks.send([emulator.webhooks.inbound([{ from: USERS.dee, type: 'text', content: { body: 'Hi' }, timestamp: hours(0) }, { from: USERS.eve, type: 'text', content: { body: 'Hi' }, timestamp: hours(25) }])], 1, hook('trMemory00000001'));
		await until('the trigger heard them', () => posted('started').length >= 2);
		const before = emulator.state.requests.length;
		await ask('window', [`+${USERS.dee}`, `+${USERS.eve}`, `+${USERS.gus}`]);
		const [sent] = await until('the window sends', () => posted('window').length > 0 && posted('window'));
		expect(sent[0]).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
		expect(sent[1]).toMatchObject({ error: expect.stringMatching(/^\+16505550105 is outside the 24-hour customer service window of phone number 106540352242922/) });
		expect(sent[2]).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), sentTemplateInstead: true });
		const sends = emulator.state.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
		expect(sends.map((r) => [(r.body as Json).to, (r.body as Json).type])).toEqual([
			[`+${USERS.dee}`, 'text'],
			[`+${USERS.gus}`, 'template'],
		]);
	});

	it('the ask-and-branch example: each button tapped gets its own answer, quoting the tap', async () => {
		const asked = () => emulator.state.messages.filter((m) => m.to === EXAMPLE.to && m.type === 'interactive');
		const answered = () => emulator.state.messages.filter((m) => m.to === EXAMPLE.to && m.type === 'text');
		const tap = async (index: number, id: string) => {
			const started = await fetch(`${n8n.url}/webhook/ask-appointment`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: `+${EXAMPLE.to}` }) });
			expect(started.status).toBe(200);
			const question = await until(`question ${index + 1} of the example`, () => asked()[index]?.id);
			const { id: tapped } = await emulator.replies.reply({ messageId: question, kind: 'button', id, callbackUrl: hook(EXAMPLE.trigger) });
			await until(`answer ${index + 1} of the example`, () => answered().length > index);
			return tapped;
		};
		const confirm = await tap(0, 'confirm');
		const reschedule = await tap(1, 'reschedule');
		expect(answered().map((m) => m.body)).toEqual([
			expect.objectContaining({ context: { message_id: confirm }, text: expect.objectContaining({ body: 'Thank you, see you tomorrow at 10:00.' }) }),
			expect.objectContaining({ context: { message_id: reschedule }, text: expect.objectContaining({ body: 'We will call you today to find another time.' }) }),
		]);
		for (const node of example.nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`))) expect(node.credentials).toEqual({ whatsAppPlatformApi: { id: null, name: EXAMPLE.credential } });
	});

	it('the waiting execution is resumed after n8n restarts, its question kept in Redis', async () => {
		await ask('ask-redis', [`+${USERS.fay}`]);
		const fay = await questionTo(USERS.fay);
		// A restart before n8n stored the execution as waiting would find it unfinished and end it as crashed.
		await until('the execution stored as waiting', () => lastExecutionStatus('wfAskRedis000001') === 'waiting');
		await n8n.stop();
		await n8n.start(port);
		await n8n.triggerListening(hook('trRedis000000001'));
		await reply(fay, 'no', 'trRedis000000001');
		const [answers] = await until('the answer after the restart', () => posted('redis-answers').length > 0 && posted('redis-answers'));
		expect(answers).toEqual([expect.objectContaining({ questionMessageId: fay, replyId: 'no', from: USERS.fay })]);
	});

	it('with a worker sharing Redis (queue mode), the worker asks and the reply reaches the main process, which resumes it', async () => {
		await n8n.stop();
		await n8n.start(port, queue());
		await n8n.startWorker(queue());
		await n8n.triggerListening(hook('trRedis000000001'));
		await ask('ask-redis', [`+${USERS.gus}`]);
		const gus = await until('a question to gus', () => emulator.state.messages.find((m) => m.to === USERS.gus && m.type === 'interactive')?.id);
		await reply(gus, 'yes', 'trRedis000000001');
		const answers = await until('the answer through the other process', () => posted('redis-answers').length > 1 && posted('redis-answers'));
		expect(answers[1]).toEqual([expect.objectContaining({ questionMessageId: gus, replyId: 'yes', from: USERS.gus })]);
		// The worker ran the execution, before and after its wait; the main process received the reply and enqueued the rest.
		// The answer reaches the collector before the worker logs the end of the execution.
		const ranTwice = /Worker started execution (\d+) [\s\S]*Worker finished execution \1 [\s\S]*Worker started execution \1 [\s\S]*Worker finished execution \1 /;
		await until('the worker finished the resumed execution', () => ranTwice.test(n8n.workerOutput), 30_000);
		expect(n8n.workerOutput).toMatch(ranTwice);
		expect(n8n.serverOutput).toMatch(/Enqueued execution (\d+) [\s\S]*Enqueued execution \1 /);
	});

	it('keeps every secret out of both processes\' logs', () => {
		for (const secret of SECRETS) {
			expect(n8n.serverOutput).not.toContain(secret);
			expect(n8n.workerOutput).not.toContain(secret);
		}
	});
});
