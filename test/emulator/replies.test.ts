import { beforeEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../emulator/cliArgs';
import { metaSignature } from '../../emulator/webhooks';
import { useCallbackCapture } from './callbackCapture';
import { call, PHONE_ID, useEmulator } from './testClient';

type Json = Record<string, any>;

const env = useEmulator();
const hook = useCallbackCapture();
beforeEach(() => {
	env.emulator.options.callbackUrl = hook.url;
});

const USER = '16505551234';
const envelope = { messaging_product: 'whatsapp', to: `+${USER}` };
const TEXT = { ...envelope, type: 'text', text: { body: 'Your order 4711 has shipped.' } };
const BUTTONS = {
	...envelope,
	type: 'interactive',
	interactive: { type: 'button', body: { text: 'Deliver tomorrow?' }, action: { buttons: [{ type: 'reply', reply: { id: 'slot-am', title: 'Morning' } }, { type: 'reply', reply: { id: 'slot-pm', title: 'Afternoon' } }] } },
};
const LIST = {
	...envelope,
	type: 'interactive',
	interactive: { type: 'list', body: { text: 'Pick a slot' }, action: { button: 'Slots', sections: [{ title: 'Tomorrow', rows: [{ id: 'r1', title: '9:00' }, { id: 'r2', title: '14:00', description: 'after lunch' }] }] } },
};
const FLOW = {
	...envelope,
	type: 'interactive',
	interactive: { type: 'flow', body: { text: 'Rate us' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_id: '1234567890', flow_token: 'survey-4711', flow_cta: 'Rate' } } },
};
/** appointment_reminder has two quick replies: Confirm (no payload sent) and Reschedule (payload given). */
const REMINDER = {
	...envelope,
	type: 'template',
	template: {
		name: 'appointment_reminder',
		language: { code: 'en_US' },
		components: [
			{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE-4711' }] },
		],
	},
};

async function send(body: Json): Promise<string> {
	const { status, body: answer } = await call(env.emulator, 'POST', `/v24.0/${PHONE_ID}/messages`, body);
	expect(status, JSON.stringify(answer)).toBe(200);
	return answer.messages[0].id;
}

/** The inbound messages the callback received, with the metadata of their change. */
const inbound = () =>
	hook.changes().flatMap((change) => (change.value.messages ?? []).map((message: Json) => ({ ...message, to: change.value.metadata.phone_number_id, contacts: change.value.contacts })));

const control = async (body: unknown) => {
	const response = await fetch(`${env.emulator.url}/__emulator/replies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Json };
};

describe('emulator: a test user replies to a message (POST /__emulator/replies)', () => {
	it('types a text quoting the message: a signed messages webhook from the recipient to the number that sent it', async () => {
		const messageId = await send(TEXT);
		await env.emulator.webhooks.idle();
		hook.bodies = [];
		const { id, deliveries } = await env.emulator.replies.reply({ messageId, kind: 'text', text: 'Great, thanks' });
		expect(deliveries.map((d) => d.attempts)).toEqual([[200]]);
		expect(deliveries[0].signature).toBe(metaSignature(deliveries[0].body, 'S'));
		expect(inbound()).toEqual([
			{
				context: { from: '15550783881', id: messageId },
				from: USER,
				id,
				timestamp: expect.stringMatching(/^\d+$/),
				type: 'text',
				text: { body: 'Great, thanks' },
				to: PHONE_ID,
				contacts: [{ profile: { name: expect.any(String) }, wa_id: USER }],
			},
		]);
		expect(id).toMatch(/^wamid\./);
	});

	it('taps a reply button, by id or by title, as an interactive button_reply', async () => {
		const messageId = await send(BUTTONS);
		await env.emulator.replies.reply({ messageId, kind: 'button', id: 'slot-pm' });
		await env.emulator.replies.reply({ messageId, kind: 'button', title: 'Morning' });
		expect(inbound().map((m) => [m.type, m.interactive, m.context.id])).toEqual([
			['interactive', { type: 'button_reply', button_reply: { id: 'slot-pm', title: 'Afternoon' } }, messageId],
			['interactive', { type: 'button_reply', button_reply: { id: 'slot-am', title: 'Morning' } }, messageId],
		]);
	});

	it("taps a template's quick reply as type button: its text, and the payload the send gave it (else the text)", async () => {
		const messageId = await send(REMINDER);
		await env.emulator.replies.reply({ messageId, kind: 'button', title: 'Reschedule' });
		await env.emulator.replies.reply({ messageId, kind: 'button', id: 'Confirm' });
		expect(inbound().map((m) => [m.type, m.button, m.context.id])).toEqual([
			['button', { text: 'Reschedule', payload: 'RESCHEDULE-4711' }, messageId],
			['button', { text: 'Confirm', payload: 'Confirm' }, messageId],
		]);
	});

	it('picks a list row as an interactive list_reply, with its description', async () => {
		const messageId = await send(LIST);
		await env.emulator.replies.reply({ messageId, kind: 'list', id: 'r2' });
		expect(inbound().map((m) => m.interactive)).toEqual([{ type: 'list_reply', list_reply: { id: 'r2', title: '14:00', description: 'after lunch' } }]);
	});

	it("completes a Flow as an nfm_reply whose response_json holds the message's flow_token and the answer", async () => {
		const messageId = await send(FLOW);
		await env.emulator.replies.reply({ messageId, kind: 'flow', flowResponse: { rating: '5', comment: 'Fast' } });
		const [reply] = inbound();
		expect(reply.interactive).toEqual({ type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: expect.any(String) } });
		expect(JSON.parse(reply.interactive.nfm_reply.response_json)).toEqual({ flow_token: 'survey-4711', rating: '5', comment: 'Fast' });
		expect(reply.context.id).toBe(messageId);
	});

	it('refuses, with what would work and before any delivery, a reply the message cannot take', async () => {
		const buttons = await send(BUTTONS);
		const text = await send(TEXT);
		await env.emulator.webhooks.idle();
		hook.bodies = [];
		const refusals = [
			[{ messageId: 'wamid.unknown', kind: 'text', text: 'Hi' }, /no message wamid\.unknown was sent/],
			[{ messageId: buttons, kind: 'button', id: 'slot-xx' }, /must name a reply button of .*: slot-am \(Morning\), slot-pm \(Afternoon\)/],
			[{ messageId: buttons, kind: 'list', id: 'r1' }, /is not a list message \(it is a button interactive message\)/],
			[{ messageId: text, kind: 'button', id: 'x' }, /has no reply buttons \(it is a text message\)/],
			[{ messageId: text, kind: 'flow' }, /is not a Flow message/],
			[{ messageId: text, kind: 'text' }, /Param text must be the text the user types, 1 to 4096 characters/],
			[{ messageId: text, kind: 'voice' }, /Param kind must be one of text, button, list, flow/],
		] as const;
		for (const [request, problem] of refusals) {
			const { status, body } = await control(request);
			expect([status, body.error?.code]).toEqual([400, 100]);
			expect(body.error.error_data.details).toMatch(problem);
		}
		env.emulator.options.callbackUrl = undefined;
		expect((await control({ messageId: text, kind: 'text', text: 'Hi' })).body.error.error_data.details).toMatch(/No webhook callback/);
		expect(hook.bodies).toEqual([]);
	});

	it('delivers to another callback when asked (callbackUrl), and refuses one that is not a URL', async () => {
		const messageId = await send(TEXT);
		env.emulator.options.callbackUrl = 'http://127.0.0.1:9/not-here';
		const { status, body } = await control({ messageId, kind: 'text', text: 'To the other one', callbackUrl: hook.url });
		expect(status).toBe(200);
		expect(body.deliveries).toEqual([{ url: hook.url, attempts: [200], delivered: true }]);
		expect(inbound().find((m) => m.id === body.id)).toMatchObject({ text: { body: 'To the other one' }, context: { id: messageId } });
		const refused = await control({ messageId, kind: 'text', text: 'x', callbackUrl: 'ftp://example.com' });
		expect([refused.status, refused.body.error.error_data.details]).toEqual([400, 'Param callbackUrl must be an http(s) URL.']);
	});

	it('answers over HTTP with the reply id and its deliveries', async () => {
		const messageId = await send(TEXT);
		const { status, body } = await control({ messageId, kind: 'text', text: 'Yes' });
		expect(status).toBe(200);
		expect(body).toEqual({ id: expect.stringMatching(/^wamid\./), deliveries: [{ url: hook.url, attempts: [200], delivered: true }] });
		expect(inbound().find((m) => m.id === body.id)?.text).toEqual({ body: 'Yes' });
	});
});

describe('emulator: the test user answering on their own (autoReply, --auto-reply)', () => {
	it("answers each message once its statuses went out: a text with a text, buttons and a template's quick replies with the first", async () => {
		env.emulator.replies.auto = true;
		const text = await send(TEXT);
		const buttons = await send(BUTTONS);
		const reminder = await send(REMINDER);
		await env.emulator.webhooks.idle();
		const order = hook.changes().map((change) => change.value.statuses?.[0]?.status ?? `reply to ${change.value.messages[0].context.id}`);
		for (const id of [text, buttons, reminder]) {
			const reply = order.indexOf(`reply to ${id}`);
			expect(reply).toBeGreaterThan(-1);
			const statuses = hook.changes().flatMap((change, i) => (change.value.statuses?.[0]?.id === id ? [i] : []));
			expect(statuses).toHaveLength(3);
			expect(Math.max(...statuses)).toBeLessThan(reply);
		}
		const replies = Object.fromEntries(inbound().map((m) => [m.context.id, m]));
		expect(replies[text]).toMatchObject({ type: 'text', text: { body: 'Thanks, got it!' }, from: USER });
		expect(replies[buttons].interactive).toEqual({ type: 'button_reply', button_reply: { id: 'slot-am', title: 'Morning' } });
		expect(replies[reminder].button).toEqual({ text: 'Confirm', payload: 'Confirm' });
	});

	it('answers no reaction and no failed message, and is off again after a reset unless the option set it', async () => {
		env.emulator.replies.auto = true;
		const text = await send(TEXT);
		await send({ ...envelope, type: 'reaction', reaction: { message_id: text, emoji: '👍' } });
		env.emulator.webhooks.failNextSendTo(USER);
		await send(TEXT);
		await env.emulator.webhooks.idle();
		expect(inbound().map((m) => m.context.id)).toEqual([text]);
		env.emulator.reset();
		expect(env.emulator.replies.auto).toBe(false);
		env.emulator.options.autoReply = true;
		env.emulator.reset();
		expect(env.emulator.replies.auto).toBe(true);
		env.emulator.options.autoReply = undefined;
	});

	it('is turned on by --auto-reply', () => {
		expect(parseCliArgs(['--auto-reply'])).toMatchObject({ autoReply: true });
		expect(parseCliArgs([])).not.toHaveProperty('autoReply');
	});
});
