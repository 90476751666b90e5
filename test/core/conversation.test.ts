import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { findOperation } from '../../nodes/shared/catalog';
import { DeadlineWatch, itemOutput, observeWindows, sortReplies, type Settlement } from '../../nodes/shared/conversation';
import { MemoryConversations } from '../../nodes/shared/conversation/memoryStore';
import { GraphClient } from '../../nodes/shared/graph/client';
import { OutsideWindowError } from '../../nodes/shared/run/serviceWindow';
import { runOperation, validateParams } from '../../nodes/shared/run';
import { WebhookReceiver, type WebhookEvent } from '../../nodes/shared/webhook';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { conversationStoreContract, NUMBER } from './conversation.helpers';
import { accountFor, failure, TOKEN } from './messaging.helpers';

describe('the conversation store in memory', () => {
	conversationStoreContract(() => new MemoryConversations(() => Date.now()), () => Date.now());

	it('forgets a group nothing ended once its time is long past, so memory stays bounded', async () => {
		let now = Date.now();
		const store = new MemoryConversations(() => now);
		await store.open({ id: 'old', host: 'node-red', resume: 'n1', size: 1 });
		now += 32 * 24 * 3_600_000;
		expect(await store.openGroups()).toEqual([]);
	});
});

const SECRET = 'app-secret-0123456789abcdef';
const receiver = new WebhookReceiver({ appSecret: SECRET, verifyToken: 'v', dedupWindowMs: 0, now: () => Date.now() });
/** A messages delivery as the platform signs it, normalised as the trigger and webhook node do. */
function events(messages: Array<Record<string, unknown>>) {
	const raw = Buffer.from(metaJson({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: NUMBER }, contacts: [{ profile: { name: 'Ada' }, wa_id: '16505551234' }], messages } }] }] }));
	return receiver.receive(raw, 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex')).events;
}
const base = (id: string, context?: string) => ({ from: '16505551234', id, timestamp: String(Math.floor(Date.now() / 1000)), ...(context ? { context: { from: '15550783881', id: context } } : {}) });

describe('the answer fields at the top of every inbound event', () => {
	it('lifts the reply button, list row, template quick reply and Flow answer, and the quoted message', () => {
		const [button, list, quick, flow, address, text] = events([
			{ ...base('wamid.r1', 'wamid.q1'), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } } },
			{ ...base('wamid.r2', 'wamid.q2'), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot-2', title: '14:00', description: 'after lunch' } } },
			{ ...base('wamid.r3', 'wamid.q3'), type: 'button', button: { text: 'Reschedule', payload: 'RESCHEDULE-4711' } },
			{ ...base('wamid.r4', 'wamid.q4'), type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t-1","rating":"5"}' } } },
			{ ...base('wamid.r5', 'wamid.q5'), type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'address_message', body: 'Sent', response_json: '{"values":{}}' } } },
			{ ...base('wamid.r6'), type: 'text', text: { body: 'no quote' } },
		]);
		expect(button).toMatchObject({ replyId: 'yes', replyTitle: 'Yes please', contextMessageId: 'wamid.q1', text: 'Yes please' });
		expect(list).toMatchObject({ replyId: 'slot-2', replyTitle: '14:00', contextMessageId: 'wamid.q2' });
		expect(quick).toMatchObject({ replyId: 'RESCHEDULE-4711', replyTitle: 'Reschedule', contextMessageId: 'wamid.q3' });
		expect(flow).toMatchObject({ flowResponse: { flow_token: 't-1', rating: '5' }, contextMessageId: 'wamid.q4' });
		expect(address).toMatchObject({ flowName: 'address_message', contextMessageId: 'wamid.q5' });
		expect(text.contextMessageId).toBeUndefined();
		expect(text.replyId).toBeUndefined();
	});

	it('leaves a Flow answer that is not JSON in the raw item, and never throws for it', () => {
		const [flow] = events([{ ...base('wamid.r7', 'wamid.q7'), type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{not json' } } }]);
		expect(flow.flowResponse).toEqual({});
		expect(flow.item).toMatchObject({ interactive: { nfm_reply: { response_json: '{not json' } } });
	});
});

describe('replies sorted out of a delivery', () => {
	it('answers the waiting question, leaves the rest to start the flow, drops a redelivered answer; an unknown context.id never throws', async () => {
		const store = new MemoryConversations(() => Date.now());
		await store.open({ id: 'g', host: 'n8n', resume: 'http://x', size: 1 });
		await store.expect({ group: 'g', index: 0, questionId: 'wamid.q1', phoneNumberId: NUMBER, waId: '16505551234', matchBy: 'quote' });
		const delivery = events([
			{ ...base('wamid.r1', 'wamid.q1'), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } },
			{ ...base('wamid.r2', 'wamid.nobody-asked'), type: 'text', text: { body: 'hello' } },
			{ ...base('wamid.r3'), type: 'system', system: { body: 'changed number' } },
		]);
		const errors: Error[] = [];
		const sorted = await sortReplies(delivery, store, (error) => errors.push(error));
		expect(sorted.answers.map((e) => e.messageId)).toEqual(['wamid.r1']);
		expect(sorted.others.map((e) => e.messageId)).toEqual(['wamid.r2', 'wamid.r3']);
		expect(sorted.settlements).toHaveLength(1);
		expect(itemOutput(sorted.settlements[0].results[0], sorted.settlements[0])).toMatchObject({ questionMessageId: 'wamid.q1', replyId: 'yes', replyTitle: 'Yes', replyMessageId: 'wamid.r1', from: '16505551234' });
		const again = await sortReplies(delivery.slice(0, 1), store, (error) => errors.push(error));
		expect(again).toEqual({ others: [], answers: [], settlements: [] });
		expect(errors).toEqual([]);
	});

	it('starts the flow as usual when the store cannot answer', async () => {
		const broken = new MemoryConversations(() => Date.now());
		broken.claim = () => Promise.reject(new Error('Redis unreachable'));
		const errors: string[] = [];
		const sorted = await sortReplies(events([{ ...base('wamid.r9', 'wamid.q9'), type: 'text', text: { body: 'hi' } }]), broken, (error) => errors.push(error.message));
		expect(sorted.others).toHaveLength(1);
		expect(errors).toEqual(['Redis unreachable']);
	});
});

describe('the 24-hour window of each event', () => {
	it('opens on a message, and every later event about that user carries windowOpenUntil', async () => {
		const store = new MemoryConversations(() => Date.now());
		const sent = Math.floor(Date.now() / 1000) - 3600;
		const delivery = events([{ ...base('wamid.w1'), timestamp: String(sent), type: 'text', text: { body: 'hi' } }]);
		await observeWindows(delivery, store, Date.now());
		expect(delivery[0].windowOpenUntil).toBe(new Date(sent * 1000 + 24 * 3_600_000).toISOString());
		expect(await store.lastHeard(NUMBER, '16505551234', Date.now())).toBe(sent * 1000);
	});

	it('opens on a call from the user, a business call the user accepts and a call permission reply; not on a business call alone', async () => {
		const store = new MemoryConversations(() => Date.now());
		const now = Date.now();
		const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
		const call = (from: string, extra: Partial<WebhookEvent>): WebhookEvent => ({ kind: 'call_connect', field: 'calls', change: { field: 'calls', value: {} }, phoneNumberId: NUMBER, from, ...extra });
		const delivery: WebhookEvent[] = [
			call('16505550301', { direction: 'USER_INITIATED', timestamp: at(10) }),
			call('16505550302', { direction: 'BUSINESS_INITIATED', timestamp: at(9) }),
			call('16505550303', { direction: 'BUSINESS_INITIATED', timestamp: at(8) }),
			call('16505550303', { kind: 'call_status', callStatus: 'ACCEPTED', timestamp: at(7) }),
			call('16505550304', { kind: 'call_permission_reply', field: 'messages', timestamp: at(6) }),
		];
		await observeWindows(delivery, store, Date.now());
		const heard = async (user: string) => store.lastHeard(NUMBER, user, Date.now());
		expect(await Promise.all(['16505550301', '16505550302', '16505550303', '16505550304'].map(heard))).toEqual([Date.parse(at(10)), undefined, Date.parse(at(7)), Date.parse(at(6))]);
		expect(delivery[1].windowOpenUntil).toBeUndefined();
		expect(delivery[2].windowOpenUntil).toBe(new Date(Date.parse(at(7)) + 24 * 3_600_000).toISOString());
	});

	it('gives a late message its own, already closed, window without opening one', async () => {
		const store = new MemoryConversations(() => Date.now());
		const sent = Math.floor(Date.now() / 1000) - 25 * 3600;
		const delivery = events([{ ...base('wamid.w2'), timestamp: String(sent), type: 'text', text: { body: 'late' } }]);
		await observeWindows(delivery, store, Date.now());
		expect(Date.parse(delivery[0].windowOpenUntil!)).toBeLessThan(Date.now());
		expect(await store.lastHeard(NUMBER, '16505551234', Date.now())).toBeUndefined();
	});
});

describe('the deadline watch', () => {
	it('resumes a group of its host when its time is up, once, whichever process watches it', async () => {
		let now = 1_000_000;
		const store = new MemoryConversations(() => now);
		const resumed: Settlement[] = [];
		const sleeps: number[] = [];
		const host = {
			now: () => now,
			log: () => undefined,
			sleep: async (ms: number) => {
				sleeps.push(ms);
				now += ms;
			},
			resume: async (settlement: Settlement) => void resumed.push(settlement),
		};
		await store.open({ id: 'n8n-group', host: 'n8n', resume: 'http://x', deadline: now + 40 * 24 * 3_600_000, size: 1 });
		await store.open({ id: 'node-red-group', host: 'node-red', resume: 'node-1', deadline: now + 1000, size: 1 });
		const first = new DeadlineWatch(store, 'n8n', host);
		const second = new DeadlineWatch(store, 'n8n', host);
		await Promise.all([first.watchOpenGroups(), second.watchOpenGroups()]);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(resumed.map((s) => [s.group.id, s.results[0].outcome])).toEqual([['n8n-group', 'timedOut']]);
		// A timer fires at once past 24.8 days in Node.js: long waits sleep a day at a time.
		expect(Math.max(...sleeps)).toBe(24 * 3_600_000);
	});
});

describe('Outside the 24-Hour Window, on a free-form send', () => {
	let emulator: GraphEmulator;
	const store = new MemoryConversations(() => Date.now());
	const run = (resource: string, operation: string, values: Record<string, unknown>) => {
		const account = accountFor(emulator);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		return runOperation(findOperation(resource, operation)!, values, { client, account, conversations: store }) as Promise<Record<string, unknown>>;
	};
	const closed = '+16505550001';
	const open = '+16505550002';
	beforeAll(async () => {
		emulator = await startEmulator({ token: TOKEN, appSecret: SECRET });
		await store.heard(NUMBER, open.slice(1), Date.now() - 60_000);
	});
	beforeEach(() => emulator.reset());
	afterAll(() => emulator.stop());

	it('sends as before by default, window or not', async () => {
		await run('message', 'sendText', { to: closed, body: 'Hi' });
		expect(emulator.state.messages.map((m) => m.type)).toEqual(['text']);
	});

	it('fails before any request for a user whose window is closed, naming the window; sends to one whose window is open', async () => {
		const error = await failure(run('message', 'sendText', { to: closed, body: 'Hi', outsideWindow: 'fail' }));
		expect(error).toBeInstanceOf(OutsideWindowError);
		expect(error.message).toMatch(/\+16505550001 is outside the 24-hour customer service window of phone number 106540352242922.*Nothing was sent/);
		expect(emulator.state.requests).toEqual([]);
		await run('message', 'sendButtons', { to: open, body: 'Tomorrow?', buttons: '["Yes", "No"]', outsideWindow: 'fail' });
		expect(emulator.state.messages.map((m) => m.to)).toEqual([open.slice(1)]);
	});

	it('sends the chosen template instead, with its parameters, the reply-to and tracking data kept', async () => {
		const output = await run('message', 'sendText', {
			to: closed,
			body: 'Hi',
			trackingData: 'order-4711',
			outsideWindow: 'template',
			fallbackTemplate: 'appointment_reminder',
			fallbackParameters: '{"header.1": "Jane", "body.1": "May 5", "body.2": "10:00"}',
		});
		expect(output).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), sentTemplateInstead: true });
		expect(emulator.state.messages.map((m) => m.body)).toEqual([
			expect.objectContaining({
				type: 'template',
				biz_opaque_callback_data: 'order-4711',
				template: expect.objectContaining({ name: 'appointment_reminder', language: { code: 'en_US' }, components: expect.arrayContaining([{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] }]) }),
			}),
		]);
	});

	it('never holds a template back, nor a message object of type template', async () => {
		const reminder = { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00' };
		await run('message', 'sendTemplate', { to: closed, template: 'appointment_reminder', templateParameters: reminder });
		const components = [
			{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
		];
		await run('message', 'sendJson', { message: { to: closed, type: 'template', template: { name: 'appointment_reminder', language: { code: 'en_US' }, components } }, outsideWindow: 'fail' });
		expect(emulator.state.messages.map((m) => m.type)).toEqual(['template', 'template']);
		const error = await failure(run('message', 'sendJson', { message: { to: closed, type: 'text', text: { body: 'Hi' } }, outsideWindow: 'fail' }));
		expect(error).toBeInstanceOf(OutsideWindowError);
	});

	it('needs the template to send instead', async () => {
		const error = await failure(run('message', 'sendText', { to: closed, body: 'Hi', outsideWindow: 'template' }));
		expect(error.message).toBe('Invalid Template Instead (fallbackTemplate): is required');
		expect(emulator.state.requests).toEqual([]);
	});
});

describe('Send and Wait for Reply: the question', () => {
	const op = findOperation('message', 'sendAndWaitForReply')!;
	const account = { ...accountFor({ url: 'https://graph.facebook.com' } as GraphEmulator) };
	const check = (values: Record<string, unknown>) => {
		const params = validateParams(op, { to: '+16505551234', ...values }, account);
		op.check?.(params, Date.now());
		return params;
	};
	const problem = (values: Record<string, unknown>) => {
		try {
			check(values);
		} catch (error) {
			return (error as Error).message;
		}
		throw new Error('expected a refusal');
	};

	it('refuses a question that breaks a platform limit before sending, as every send does', () => {
		expect(problem({ body: 'Pick one', buttons: '["A", "B", "C", "D"]' })).toBe('Invalid Buttons (JSON) (buttons): must have at most 3 buttons, got 4');
		expect(problem({ body: 'Pick one', buttons: '["A title of twenty-five ch"]' })).toBe('Invalid Buttons (JSON) (buttons) (0.title): must be at most 20 characters, got 25');
		expect(problem({ body: 'x'.repeat(1025), buttons: '["A"]' })).toBe('Invalid Body (body): must be at most 1,024 characters, got 1,025');
		expect(check({ questionType: 'text', body: 'x'.repeat(4096) }).body).toHaveLength(4096);
		expect(problem({ questionType: 'list', body: 'Pick', buttonText: 'Slots', sections: '[]' })).toMatch(/^Invalid Sections \(JSON\) \(sections\)/);
		expect(problem({ questionType: 'flow', body: 'Rate us', flowCta: 'Rate' })).toBe('Invalid Flow ID (flowId): give either a Flow ID or a Flow Name, not both or neither');
		expect(problem({ questionType: 'template' })).toBe('Invalid Template (template): is required');
	});

	it('refuses a wait over 30 days, the platform\'s limit of usefulness', () => {
		expect(problem({ body: 'Pick', buttons: '["A"]', limitWaitTime: true, waitAmount: 31, waitUnit: 'days' })).toBe(
			'Invalid Wait Amount (waitAmount): is 31 days; a question waits at most 30 days (Meta stops trying to deliver a message after 30 days)',
		);
		expect(problem({ body: 'Pick', buttons: '["A"]', limitWaitTime: true, waitAmount: 0 })).toBe('Invalid Wait Amount (waitAmount): must be more than 0');
		expect(check({ body: 'Pick', buttons: '["A"]', limitWaitTime: true, waitAmount: 30, waitUnit: 'days' }).waitAmount).toBe(30);
	});

	it('asks each kind of question with the send of that kind', async () => {
		const emulator = await startEmulator({ token: TOKEN, appSecret: SECRET });
		try {
			const account = accountFor(emulator);
			const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
			const ask = (values: Record<string, unknown>) => runOperation(op, { to: '+16505551234', ...values }, { client, account }) as Promise<Record<string, unknown>>;
			const asked = [
				await ask({ headerText: 'Delivery', body: 'Tomorrow?', footer: 'Flowpace', buttons: '[{"id": "yes", "title": "Yes"}, "No"]' }),
				await ask({ questionType: 'list', body: 'Pick a slot', buttonText: 'Slots', sections: '[{"id": "am", "title": "Morning"}]' }),
				await ask({ questionType: 'text', body: 'Your name?' }),
				await ask({ questionType: 'template', template: 'appointment_reminder', templateParameters: { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00' } }),
				await ask({ questionType: 'flow', body: 'Rate us', flowId: '1234567890', flowCta: 'Rate', flowToken: 'survey-1' }),
			];
			expect(asked.map((output) => output.questionType)).toEqual(['buttons', 'list', 'text', 'template', 'flow']);
			for (const output of asked) expect(output.messageId).toMatch(/^wamid\./);
			const bodies = emulator.state.messages.map((m) => m.body as Record<string, any>);
			expect(bodies[0].interactive).toEqual({
				type: 'button',
				header: { type: 'text', text: 'Delivery' },
				body: { text: 'Tomorrow?' },
				footer: { text: 'Flowpace' },
				action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
			});
			expect(bodies[1].interactive).toMatchObject({ type: 'list', action: { button: 'Slots', sections: [{ rows: [{ id: 'am', title: 'Morning' }] }] } });
			expect(bodies[2].text).toEqual({ body: 'Your name?', preview_url: false });
			expect(bodies[3].template).toMatchObject({ name: 'appointment_reminder' });
			expect(bodies[4].interactive).toMatchObject({ type: 'flow', action: { name: 'flow', parameters: { flow_id: '1234567890', flow_token: 'survey-1', flow_cta: 'Rate' } } });
		} finally {
			await emulator.stop();
		}
	});
});
