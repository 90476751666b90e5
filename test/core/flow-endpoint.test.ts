import { describe, expect, it } from 'vitest';
import { answerFor, answerObject, FLOW_REQUEST_MAX_BYTES, type EndpointKeys, FlowAnswerOnce, FlowReplyError, receiveFlowRequest, type FlowAnswer, type FlowReply, type Received } from '../../nodes/shared/flows';
import { APP_SECRET, clientRequest, KEYS, OTHER_PAIR, PAIR, sign, tampered } from './flows.helpers';

const INIT = { version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 'booking-4711' };
const receive = (raw: Buffer, signature?: string, keys: EndpointKeys = KEYS) => receiveFlowRequest(raw, signature, keys);
const answeredWith = (received: Received) => (received.kind === 'answered' ? received : expect.fail(`expected an answer, got ${received.kind}`));

describe('the Flow endpoint answers by itself', () => {
	it('a health check with an encrypted {"data": {"status": "active"}}', () => {
		const ping = clientRequest({ version: '3.0', action: 'ping' });
		const { answer, log } = answeredWith(receive(ping.raw, ping.signature));
		expect(answer.status).toBe(200);
		expect(ping.read(answer.body)).toEqual({ data: { status: 'active' } });
		expect(log).toBeUndefined();
	});

	it('an error notification with {"data": {"acknowledged": true}}, logging Meta\'s error code and not the message', () => {
		for (const [action, data] of [
			['data_exchange', { error: 'INVALID_SCREEN_TRANSITION', error_message: 'Screen NOWHERE of Jane Doe is not in the routing model' }],
			['INIT', { error_key: 'TIMEOUT', error_message: 'slow' }],
		] as const) {
			const notice = clientRequest({ version: '3.0', action, screen: 'APPOINTMENT', data, flow_token: 'booking-4711' });
			const { answer, log } = answeredWith(receive(notice.raw, notice.signature));
			expect(notice.read(answer.body)).toEqual({ data: { acknowledged: true } });
			expect(log).toMatch(/reported an error in an earlier answer of this endpoint \((INVALID_SCREEN_TRANSITION|TIMEOUT)\): acknowledged/);
			expect(log).not.toMatch(/Jane Doe|slow/);
		}
	});
});

describe('the Flow endpoint hands INIT, BACK and data_exchange to the flow', () => {
	it('decrypted and named as the package names things, with what its answer needs', () => {
		const request = clientRequest({ version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', data: { department: 'beauty' }, flow_token: 'booking-4711' });
		const received = receive(request.raw, request.signature);
		expect(received).toMatchObject({ kind: 'request', request: { action: 'data_exchange', screen: 'APPOINTMENT', data: { department: 'beauty' }, flowToken: 'booking-4711', version: '3.0' } });
		if (received.kind !== 'request') return;
		expect(received.sealed).toEqual({ encryptedAesKey: request.body.encrypted_aes_key, initialVector: request.body.initial_vector });
		const answer = answerFor({ respondWith: 'screen', screen: 'APPOINTMENT', data: { slots: ['10:30'] } }, received.request.flowToken, received.session);
		expect(answer.status).toBe(200);
		expect(request.read(answer.body)).toEqual({ screen: 'APPOINTMENT', data: { slots: ['10:30'] } });
	});

	it('without a flow token when the client sent none (some iOS clients), and INIT without screen or data', () => {
		for (const payload of [{ version: '3.0', action: 'BACK' }, { version: '3.0', action: 'INIT', screen: '', data: {} }]) {
			const request = clientRequest(payload);
			const received = receive(request.raw, request.signature);
			expect(received).toMatchObject({ kind: 'request', request: { action: payload.action, screen: '', data: {} } });
			expect((received as { request: object }).request).not.toHaveProperty('flowToken');
		}
	});
});

describe('the Flow endpoint refuses bad input with the documented status and a log line without secrets', () => {
	const good = clientRequest(INIT);
	const wrapped = Buffer.from(good.body.encrypted_aes_key, 'base64');
	const data = Buffer.from(good.body.encrypted_flow_data, 'base64');
	const flippedTag = Buffer.concat([data.subarray(0, -1), Buffer.from([data[data.length - 1] ^ 0x01])]).toString('base64');
	const oversized = Buffer.alloc(FLOW_REQUEST_MAX_BYTES + 1, 0x20);
	const cases: Array<[string, { raw: Buffer; signature?: string }, number, RegExp, Partial<EndpointKeys>?]> = [
		['malformed base64', tampered(good, 'encrypted_flow_data', '%%%not*base64%%%'), 421, /encrypted_flow_data is not base64/],
		['a truncated AES key', tampered(good, 'encrypted_aes_key', wrapped.subarray(0, 128).toString('base64')), 421, /AES key does not open with this private key/],
		['a wrong GCM tag', tampered(good, 'encrypted_flow_data', flippedTag), 421, /does not match its GCM tag/],
		['an IV of 12 bytes', tampered(good, 'initial_vector', Buffer.alloc(12).toString('base64')), 421, /initial_vector has 12 bytes, not 16/],
		['a request encrypted for another public key', clientRequest(INIT, OTHER_PAIR.publicKey), 421, /encrypted for another public key/],
		['an unknown action', clientRequest({ version: '3.0', action: 'navigate', screen: 'X', data: {} }), 400, /unknown action/],
		['a body over 1 MB', { raw: oversized, signature: sign(oversized) }, 413, /over 1048576/],
		['a body that is not a Flow request', { raw: Buffer.from('{"entry":[]}'), signature: sign('{"entry":[]}') }, 400, /not a Flow request/],
		['no signature', { raw: good.raw }, 432, /without X-Hub-Signature-256/],
		['the wrong app secret', { raw: good.raw, signature: sign(good.raw, 'not-the-app-secret') }, 432, /does not match the App Secret/],
		['no App Secret in the credential', good, 432, /no App Secret is configured/, { appSecret: '' }],
		['no private key in the credential', good, 500, /No Flow private key/, { privateKey: new Error('No Flow private key: set the Flow Endpoint Private Key in the credential') }],
	];

	it.each(cases)('%s', (_name, request, status, log, keys) => {
		const received = answeredWith(receive(request.raw, request.signature, { ...KEYS, ...keys }));
		expect(received.answer).toEqual({ status, body: '' });
		expect(received.log).toMatch(log);
		for (const secret of [APP_SECRET, ...PAIR.privateKey.split('\n').filter((l) => l.length > 20), 'booking-4711', good.key.toString('base64')]) {
			expect(received.log).not.toContain(secret);
		}
	});

	it('and keeps serving: the next good request after each refusal is handed to the flow', () => {
		for (const [, request, , , keys] of cases) {
			receive(request.raw, request.signature, { ...KEYS, ...keys });
			const next = clientRequest(INIT);
			expect(receive(next.raw, next.signature).kind).toBe('request');
		}
	});
});

describe('the flow\'s answer', () => {
	it('closes the Flow with the request\'s flow token, which the completion params may replace', () => {
		expect(answerObject({ respondWith: 'close', params: { slot: '10:30' } }, 'booking-4711')).toEqual({
			screen: 'SUCCESS',
			data: { extension_message_response: { params: { flow_token: 'booking-4711', slot: '10:30' } } },
		});
		expect(answerObject({ respondWith: 'close', params: { flow_token: 'mine' } }, 'booking-4711')).toMatchObject({ data: { extension_message_response: { params: { flow_token: 'mine' } } } });
		// Meta's default token of a Flow sent without one.
		expect(answerObject({ respondWith: 'close' }, undefined)).toMatchObject({ data: { extension_message_response: { params: { flow_token: 'unused' } } } });
		expect(answerObject({ respondWith: 'json', body: { screen: 'SUCCESS', data: { extension_message_response: { params: { slot: '11:00' } } } } }, 't')).toMatchObject({
			data: { extension_message_response: { params: { flow_token: 't', slot: '11:00' } } },
		});
	});

	it('shows a next screen with an error message, and passes Meta\'s answer object as it is', () => {
		expect(answerObject({ respondWith: 'screen', screen: 'DETAILS', data: { name: 'Jane' }, errorMessage: 'That slot is gone' }, 't')).toEqual({ screen: 'DETAILS', data: { name: 'Jane', error_message: 'That slot is gone' } });
		expect(answerObject({ respondWith: 'json', body: { version: '3.0', screen: 'DETAILS', data: {} } }, 't')).toEqual({ version: '3.0', screen: 'DETAILS', data: {} });
	});

	it('says the token is no longer valid with 427 and an encrypted {"error_msg"}', () => {
		const request = clientRequest(INIT);
		const received = receive(request.raw, request.signature);
		if (received.kind !== 'request') return expect.fail('expected a request');
		const answer = answerFor({ respondWith: 'tokenNoLongerValid', message: 'This booking link has expired' }, 'booking-4711', received.session);
		expect(answer.status).toBe(427);
		expect(request.read(answer.body)).toEqual({ error_msg: 'This booking link has expired' });
	});

	it.each<[FlowReply, RegExp]>([
		[{ respondWith: 'screen', screen: ' ' }, /Screen is required/],
		[{ respondWith: 'screen', screen: 'X', data: [] as unknown as Record<string, unknown> }, /screen data must be a JSON object/],
		[{ respondWith: 'json', body: { data: {} } }, /needs "screen"/],
		[{ respondWith: 'json', body: 'NEXT' }, /must be a JSON object/],
		[{ respondWith: 'tokenNoLongerValid', message: '' }, /message for the user is required/],
	])('refuses an answer the client could not use: %j', (reply, problem) => {
		expect(() => answerObject(reply, 't')).toThrow(FlowReplyError);
		expect(() => answerObject(reply, 't')).toThrow(problem);
	});
});

describe('the time limit', () => {
	/** A timer the test fires by hand. */
	function manualSleep() {
		let fire = () => {};
		return { sleep: () => new Promise<void>((resolve) => (fire = resolve)), fire: () => fire() };
	}

	it('answers 500 when the flow has not answered, logs it, and drops the late answer', async () => {
		const timer = manualSleep();
		const written: FlowAnswer[] = [];
		const logs: string[] = [];
		const once = new FlowAnswerOnce({ timeLimitMs: 9000, sleep: timer.sleep, write: (a) => written.push(a), log: (l) => logs.push(l) });
		timer.fire();
		await new Promise((resolve) => setImmediate(resolve));
		expect(written).toEqual([{ status: 500, body: '' }]);
		expect(logs).toEqual(['the flow did not answer within 9 s: answered 500']);
		expect(once.answer({ status: 200, body: 'late' })).toBe(false);
		expect(written).toHaveLength(1);
	});

	it('lets the flow\'s answer win, and then stays quiet', async () => {
		const timer = manualSleep();
		const written: FlowAnswer[] = [];
		const logs: string[] = [];
		const once = new FlowAnswerOnce({ timeLimitMs: 9000, sleep: timer.sleep, write: (a) => written.push(a), log: (l) => logs.push(l) });
		expect(once.answer({ status: 200, body: 'sealed' })).toBe(true);
		timer.fire();
		await new Promise((resolve) => setImmediate(resolve));
		expect(written).toEqual([{ status: 200, body: 'sealed' }]);
		expect(logs).toEqual([]);
	});
});
