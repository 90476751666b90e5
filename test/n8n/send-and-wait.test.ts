import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WAIT_INDEFINITELY, type IExecuteData, type IExecuteFunctions, type IHttpRequestOptions, type INodeExecutionData, type IWebhookFunctions } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { WAIT_OUTPUTS } from '../../nodes/WhatsAppPlatform/sendAndWait';
import { WhatsAppPlatform } from '../../nodes/WhatsAppPlatform/WhatsAppPlatform.node';
import { WhatsAppPlatformTrigger } from '../../nodes/WhatsAppPlatformTrigger/WhatsAppPlatformTrigger.node';

const TOKEN = 'EAAn8n-wait-token-0123';
const SECRET = 'app-secret-for-waits-0123';
const PHONE_NUMBER_ID = '106540352242922';
const USERS = ['16505551234', '16505551235', '16505551236'];

let emulator: GraphEmulator;
let resumes: Server;
let resumeUrl = '';
/** What n8n's /webhook-waiting/<id> received: the signed settlements. */
const posted: Array<{ raw: Buffer; headers: Record<string, string | string[] | undefined> }> = [];

beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: SECRET });
	resumes = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			posted.push({ raw: Buffer.concat(chunks), headers: req.headers });
			res.writeHead(200).end('resumed');
		});
	});
	await new Promise<void>((resolve) => resumes.listen(0, '127.0.0.1', resolve));
	resumeUrl = `http://127.0.0.1:${(resumes.address() as AddressInfo).port}/webhook-waiting/77?signature=token`;
});
beforeEach(() => {
	emulator.reset();
	posted.length = 0;
});
afterAll(async () => {
	await new Promise<void>((resolve) => resumes.close(() => resolve()));
	await emulator.stop();
});

const credentials = () => ({ accessToken: TOKEN, appSecret: SECRET, verifyToken: 'verify', wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url });

/** The part of n8n's execute context Send and Wait for Reply uses, and what it did with it. */
function execution(parameters: Record<string, unknown>, items: INodeExecutionData[], onError?: string) {
	const executeData = { data: { main: [items] }, metadata: {} } as unknown as IExecuteData;
	const waited: Date[] = [];
	const context = {
		getInputData: () => items,
		getNode: () => ({ name: 'Ask', type: '@flowpace/n8n-nodes-whatsapp.whatsAppPlatform', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n1', onError }),
		getCredentials: async () => credentials(),
		continueOnFail: () => onError !== undefined,
		getExecutionId: () => '77',
		evaluateExpression: (expression: string) => (expression === '{{ $execution.resumeUrl }}' ? resumeUrl : undefined),
		putExecutionToWait: async (until: Date) => void waited.push(until),
		getExecuteData: () => executeData,
		setMetadata: (metadata: object) => Object.assign(executeData.metadata!, metadata),
		logger: { info: () => undefined, warn: () => undefined },
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown) => {
			const value = parameters[name];
			return (typeof value === 'function' ? value(items[itemIndex]) : value) ?? fallback;
		},
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const response = await fetch(options.url, { method: options.method, headers: { ...(options.headers as object), authorization: `Bearer ${TOKEN}` }, body: options.body as BodyInit | undefined });
				return { statusCode: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: Buffer.from(await response.arrayBuffer()) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, executeData, waited };
}

/** n8n calling a node's webhook(): the trigger's for a delivery, the waiting node's for a resume. */
async function callWebhook(webhook: (this: IWebhookFunctions) => Promise<unknown>, raw: Buffer, headers: Record<string, unknown>, options: Record<string, unknown> = {}) {
	const answer: { status?: number; body?: string } = {};
	const response = { status: (code: number) => ((answer.status = code), response), type: () => response, send: (body: string) => ((answer.body = body), response) };
	const context = {
		getCredentials: async () => credentials(),
		getRequestObject: () => ({ rawBody: raw, headers, query: {} }),
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback: unknown) => (name === 'options' ? options : fallback),
		getWebhookName: () => 'default',
		getWorkflow: () => ({ id: 'workflow-1' }),
		getNode: () => ({ id: `trigger-${Math.random()}` }),
		logger: { info: () => undefined, warn: () => undefined },
		helpers: {},
	};
	const result = (await webhook.call(context as unknown as IWebhookFunctions)) as { workflowData?: INodeExecutionData[][] };
	return { answer, outputs: result.workflowData?.map((output) => output.map((item) => ({ ...item.json, paired: (item.pairedItem as { item: number } | undefined)?.item }))) };
}

/** A user's reply as the platform delivers it, signed. */
function delivery(messages: Array<Record<string, unknown>>) {
	const raw = Buffer.from(metaJson({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID }, messages } }] }] }));
	return { raw, headers: { 'x-hub-signature-256': 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex') } };
}
const tap = (from: string, question: string, id: string, title: string) => ({
	from,
	id: `wamid.reply-${id}-${question.slice(-12)}`,
	timestamp: String(Math.floor(Date.now() / 1000)),
	context: { from: '15550783881', id: question },
	type: 'interactive',
	interactive: { type: 'button_reply', button_reply: { id, title } },
});

const node = new WhatsAppPlatform();
const trigger = new WhatsAppPlatformTrigger();
const question = { resource: 'message', operation: 'sendAndWaitForReply', phoneNumberId: '', to: (item: INodeExecutionData) => item.json.to, body: 'Deliver tomorrow?', buttons: '[{"id": "yes", "title": "Yes"}, {"id": "no", "title": "No"}]' };
const items = USERS.map((user) => ({ json: { to: `+${user}` } }));
const waitFor = async (done: () => boolean) => {
	for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
};

describe('the n8n node\'s Send and Wait for Reply', () => {
	it('has a Timed Out output only with a time limit that continues there', () => {
		const outputs = new Function('$parameter', `return ${WAIT_OUTPUTS}`) as (parameter: Record<string, unknown>) => unknown[];
		expect(outputs({ operation: 'sendAndWaitForReply', limitWaitTime: true, onTimeout: 'output' })).toHaveLength(2);
		expect(outputs({ operation: 'sendAndWaitForReply', limitWaitTime: true, onTimeout: 'fail' })).toHaveLength(1);
		expect(outputs({ operation: 'sendAndWaitForReply', limitWaitTime: false })).toHaveLength(1);
		expect(outputs({ operation: 'sendText' })).toHaveLength(1);
	});

	it('asks each item, waits as n8n\'s Wait node does, and resumes with each item\'s own answer and the one that timed out', async () => {
		const { context, executeData, waited } = execution({ ...question, limitWaitTime: true, waitAmount: 1.5, waitUnit: 'seconds', onTimeout: 'output' }, items);
		const started = Date.now();
		const [shown] = await node.execute.call(context);
		expect(shown.map((item) => item.json.waitingForReply)).toEqual([true, true, true]);
		const questions = USERS.map((user) => emulator.state.messages.find((m) => m.to === user)!.id);
		expect(questions).toHaveLength(3);
		// n8n resumes it itself a while after the limit if nothing else did; until then it holds every item as timed out.
		expect(waited[0].getTime()).toBeGreaterThan(started + 1500 + 4 * 60_000);
		expect(executeData.metadata).toMatchObject({ forwardAllOutputs: true });
		expect(executeData.data.main.map((output) => output?.length)).toEqual([0, 3]);

		// Two users tap different buttons; a forged delivery and a reply to nothing resume nothing.
		const forged = delivery([tap(USERS[2], questions[2], 'yes', 'Yes')]);
		expect((await callWebhook(trigger.webhook, forged.raw, { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }, { events: ['message'] })).answer.status).toBe(401);
		const stranger = delivery([{ ...tap(USERS[2], 'wamid.unknown', 'yes', 'Yes') }]);
		const unmatched = await callWebhook(trigger.webhook, stranger.raw, stranger.headers);
		expect(unmatched.outputs?.[0]).toMatchObject([{ kind: 'message', replyId: 'yes', contextMessageId: 'wamid.unknown' }]);
		const answers = delivery([tap(USERS[0], questions[0], 'yes', 'Yes'), tap(USERS[1], questions[1], 'no', 'No')]);
		const matched = await callWebhook(trigger.webhook, answers.raw, answers.headers);
		expect(matched.outputs).toBeUndefined();
		expect(posted).toEqual([]);

		// The limit passes: the process that asked resumes the execution at its resume URL, signed.
		await waitFor(() => posted.length > 0);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
		expect(posted).toHaveLength(1);
		const resumed = await callWebhook(node.webhook!, posted[0].raw, posted[0].headers);
		expect(resumed.answer).toEqual({ status: 200, body: 'OK' });
		expect(resumed.outputs).toEqual([
			[
				expect.objectContaining({ paired: 0, questionMessageId: questions[0], replyId: 'yes', replyTitle: 'Yes', from: USERS[0], replyMessageId: `wamid.reply-yes-${questions[0].slice(-12)}` }),
				expect.objectContaining({ paired: 1, questionMessageId: questions[1], replyId: 'no', replyTitle: 'No', from: USERS[1] }),
			],
			[{ paired: 2, timedOut: true, questionMessageId: questions[2], to: USERS[2], phoneNumberId: PHONE_NUMBER_ID, waitedUntil: expect.any(String) }],
		]);

		// A reply after the wait ended resumes nothing: it starts the trigger as any message does.
		const late = delivery([tap(USERS[2], questions[2], 'yes', 'Yes')]);
		expect((await callWebhook(trigger.webhook, late.raw, late.headers)).outputs?.[0]).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(posted).toHaveLength(1);
	});

	it('resumes as soon as every item has its answer, and the answer can also start the trigger (Start on Awaited Replies)', async () => {
		const { context, waited } = execution(question, items.slice(0, 1));
		await node.execute.call(context);
		expect(waited).toEqual([WAIT_INDEFINITELY]);
		const [asked] = emulator.state.messages;
		const answer = delivery([tap(USERS[0], asked.id, 'yes', 'Yes')]);
		const started = await callWebhook(trigger.webhook, answer.raw, answer.headers, { startOnReplies: true });
		expect(started.outputs?.[0]).toMatchObject([{ replyId: 'yes', windowOpenUntil: expect.any(String) }]);
		await waitFor(() => posted.length > 0);
		expect((await callWebhook(node.webhook!, posted[0].raw, posted[0].headers)).outputs).toEqual([[expect.objectContaining({ paired: 0, replyId: 'yes' })]]);
	});

	it('keeps waiting when the resume is not signed with the App Secret', async () => {
		const body = Buffer.from(JSON.stringify({ group: { data: { outputs: 1 } }, results: [{ index: 0, outcome: 'replied', json: { replyId: 'forged' } }] }));
		const refused = await callWebhook(node.webhook!, body, { 'x-flowpace-signature': 'sha256=' + createHmac('sha256', 'another-secret').update(body).digest('hex') });
		expect(refused).toEqual({ answer: { status: 401, body: 'Unauthorized: not a signed set of answers for this execution' }, outputs: undefined });
		expect((await callWebhook(node.webhook!, body, {})).outputs).toBeUndefined();
	});

	it('fails an item that runs out of time when asked to: an error item, on the error output when the node has one', async () => {
		const { context } = execution({ ...question, limitWaitTime: true, waitAmount: 0.2, waitUnit: 'seconds', onTimeout: 'fail' }, items.slice(0, 1), 'continueErrorOutput');
		await node.execute.call(context);
		await waitFor(() => posted.length > 0);
		const resumed = await callWebhook(node.webhook!, posted[0].raw, posted[0].headers);
		expect(resumed.outputs).toEqual([[], [expect.objectContaining({ paired: 0, timedOut: true, error: expect.stringMatching(/^No answer from \+16505551234 by .*: the wait time ran out for question wamid\./) })]]);
	});

	it('refuses a question over a platform limit, or a wait over 30 days, before any request', async () => {
		const fourButtons = execution({ ...question, buttons: '["A", "B", "C", "D"]' }, items);
		await expect(node.execute.call(fourButtons.context)).rejects.toThrow('Invalid Buttons (JSON) (buttons): must have at most 3 buttons, got 4');
		const tooLong = execution({ ...question, limitWaitTime: true, waitAmount: 31, waitUnit: 'days' }, items);
		await expect(node.execute.call(tooLong.context)).rejects.toThrow('Invalid Wait Amount (waitAmount): is 31 days; a question waits at most 30 days');
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});
});
