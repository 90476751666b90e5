import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../nodes/shared/flows';
import { OTHER_PAIR, PAIR } from '../core/flows.helpers';
import { useCallbackCapture } from './callbackCapture';
import { useFlowEndpoint } from './flowEndpoint';
import { call, PHONE_ID, TOKEN, useEmulator } from './testClient';

const BOOKING = readFileSync(join(__dirname, '..', 'fixtures', 'flows', 'booking-flow.json'), 'utf8');
const WABA = '102290129340398';
const handle = useEmulator();
const emulator = () => handle.emulator;
const capture = useCallbackCapture();
// The emulator of useEmulator signs with the app secret 'S'.
const endpoint = useFlowEndpoint({ appSecret: 'S', privateKey: loadPrivateKey(PAIR.privateKey) });

/** A raw request with another body encoding than JSON. */
async function send(method: string, path: string, body: BodyInit, contentType?: string) {
	const response = await fetch(`${emulator().url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) }, body });
	return { status: response.status, body: (await response.json()) as any };
}
const control = async (path: string, body: unknown = {}) => (await fetch(`${emulator().url}/__emulator/${path}`, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<any>;
const createFlow = async (extra: Record<string, unknown> = {}) => (await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'Booking', categories: ['APPOINTMENT_BOOKING'], flow_json: BOOKING, endpoint_uri: endpoint.url, ...extra })).body.id as string;
const uploadKey = (pem: string) => send('POST', `/v24.0/${PHONE_ID}/whatsapp_business_encryption`, new URLSearchParams({ business_public_key: pem }), 'application/x-www-form-urlencoded');

beforeEach(() => {
	endpoint.keys = { appSecret: 'S', privateKey: loadPrivateKey(PAIR.privateKey) };
	endpoint.requests.length = 0;
	endpoint.logs.length = 0;
});

describe('emulated Flows API', () => {
	it('creates from JSON or a form, refuses unknown categories and taken names, clones, and lists', async () => {
		const json = await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'A', categories: ['SURVEY'] });
		expect(json).toMatchObject({ status: 200, body: { id: expect.stringMatching(/^\d+$/), success: true } });
		const form = await send('POST', `/v24.0/${WABA}/flows`, new URLSearchParams({ name: 'B', categories: '["OTHER"]', flow_json: BOOKING }), 'application/x-www-form-urlencoded');
		expect(form.body).toEqual({ id: expect.any(String), success: true, validation_errors: [] });
		expect((await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'C', categories: ['SHOPPING'] })).body.error.message).toBe('(#100) Invalid parameter');
		expect((await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'A', categories: ['OTHER'] })).body.error.error_data.details).toMatch(/not unique/);
		const clone = await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'B copy', categories: ['OTHER'], clone_flow_id: form.body.id });
		expect(emulator().state.flows.of(clone.body.id).json).toBe(BOOKING);
		const list = await call(emulator(), 'GET', `/v24.0/${WABA}/flows`);
		expect(list.body.data.map((f: { name: string }) => f.name)).toEqual(['B copy', 'B', 'A']);
		const assets = await call(emulator(), 'GET', `/v24.0/${form.body.id}/assets`);
		expect(assets.body.data).toEqual([{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: expect.stringContaining('/flow.json') }]);
		expect(await (await fetch(assets.body.data[0].download_url)).text()).toBe(BOOKING);
	});

	it('points a JSON syntax error at its line and column', async () => {
		const broken = '{\n  "version": "7.3",\n  "screens": [\n    { "id": "A" oops }\n  ]\n}';
		const created = await call(emulator(), 'POST', `/v24.0/${WABA}/flows`, { name: 'Broken', categories: ['OTHER'], flow_json: broken });
		expect(created.body.validation_errors).toEqual([expect.objectContaining({ error: 'INVALID_JSON', line_start: 4, column_start: 17, message: 'Invalid JSON: expected "," or "}"' })]);
	});

	it('sends FLOW_STATUS_CHANGE on the flows webhook field', async () => {
		emulator().options.callbackUrl = capture.url;
		try {
			const id = await createFlow({ endpoint_uri: undefined });
			await call(emulator(), 'POST', `/v24.0/${id}/deprecate`);
			await emulator().webhooks.idle();
			expect(capture.changes()).toEqual([{ field: 'flows', value: { event: 'FLOW_STATUS_CHANGE', message: 'Flow Booking changed status to DRAFT', flow_id: id, new_status: 'DRAFT' } }]);
		} finally {
			emulator().options.callbackUrl = undefined;
		}
	});
});

describe('emulated business public key', () => {
	it('takes the key form-urlencoded, multipart or JSON, and reads it back in data[] with its signature status', async () => {
		expect((await call(emulator(), 'GET', `/v24.0/${PHONE_ID}/whatsapp_business_encryption`)).body).toEqual({ data: [] });
		expect((await uploadKey(PAIR.publicKey)).body).toEqual({ success: true });
		const form = new FormData();
		form.append('business_public_key', OTHER_PAIR.publicKey);
		expect((await send('POST', `/v24.0/${PHONE_ID}/whatsapp_business_encryption`, form)).body).toEqual({ success: true });
		expect((await call(emulator(), 'POST', `/v24.0/${PHONE_ID}/whatsapp_business_encryption`, { business_public_key: PAIR.publicKey })).body).toEqual({ success: true });
		expect((await call(emulator(), 'GET', `/v24.0/${PHONE_ID}/whatsapp_business_encryption`)).body).toEqual({ data: [{ business_public_key: PAIR.publicKey, business_public_key_signature_status: 'VALID' }] });
		expect((await uploadKey('not a key')).body.error.error_data.details).toBe('Param business_public_key must be a PEM public key.');
	});
});

describe('the emulated WhatsApp client drives a Flow through its endpoint', () => {
	it('pings, opens with INIT, exchanges data, and on the close sends the completion webhook', async () => {
		emulator().options.callbackUrl = capture.url;
		try {
			await uploadKey(PAIR.publicKey);
			const id = await createFlow();
			expect(await control(`flows/${id}/ping`)).toMatchObject({ status: 200, response: { data: { status: 'active' } } });
			const opened = await control(`flows/${id}/open`, { flowToken: 'booking-4711', messageId: 'wamid.flow-message' });
			expect(opened).toMatchObject({ status: 200, sessionId: expect.stringMatching(/^[0-9a-f]{16}$/), response: { screen: 'APPOINTMENT', data: { echo: {} } } });
			expect(endpoint.requests[0]).toMatchObject({ action: 'INIT', flowToken: 'booking-4711' });
			const step = await control(`flow-sessions/${opened.sessionId}`, { screen: 'APPOINTMENT', data: { step: 'day_chosen', day: '2026-12-07' } });
			expect(step.response).toEqual({ screen: 'APPOINTMENT', data: { echo: { step: 'day_chosen', day: '2026-12-07' } } });

			endpoint.reply = () => ({ respondWith: 'close', params: { slot: '10:30' } });
			const closed = await control(`flow-sessions/${opened.sessionId}`, { screen: 'DETAILS', data: { name: 'Jane' } });
			expect(closed.completion).toEqual({ messageId: expect.stringMatching(/^wamid\./), responseJson: '{"flow_token":"booking-4711","slot":"10:30"}', delivered: true });
			const [message] = capture.changes().filter((c) => c.field === 'messages')[0].value.messages;
			expect(message).toMatchObject({
				id: closed.completion.messageId,
				context: { id: 'wamid.flow-message' },
				type: 'interactive',
				interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"booking-4711","slot":"10:30"}' } },
			});
		} finally {
			emulator().options.callbackUrl = undefined;
			endpoint.reply = (request) => ({ respondWith: 'screen', screen: 'APPOINTMENT', data: { echo: request.data } });
		}
	});

	it('gets 421 for a request encrypted for another key, fetches the number\'s key again and retries once', async () => {
		const id = await createFlow();
		await uploadKey(OTHER_PAIR.publicKey);
		expect(await control(`flows/${id}/open`)).toMatchObject({ status: 421, retried: true, body: '' });
		expect(endpoint.logs).toEqual([expect.stringMatching(/^answered 421: .*encrypted for another public key/), expect.stringMatching(/^answered 421/)]);
		// A client with a stale key: the retry with the key now on the number succeeds.
		await uploadKey(PAIR.publicKey);
		expect(await control(`flows/${id}/open`, { publicKey: OTHER_PAIR.publicKey })).toMatchObject({ status: 200, retried: true, response: { screen: 'APPOINTMENT' } });
	});

	it('gets 432 for a request signed with the wrong secret, and flags an answer of an unknown screen', async () => {
		await uploadKey(PAIR.publicKey);
		const id = await createFlow();
		expect(await control(`flows/${id}/open`, { appSecret: 'not-the-app-secret' })).toMatchObject({ status: 432, body: '' });
		endpoint.reply = () => ({ respondWith: 'screen', screen: 'NOWHERE' });
		try {
			expect(await control(`flows/${id}/open`)).toMatchObject({ status: 200, error: 'the Flow JSON has no screen NOWHERE' });
		} finally {
			endpoint.reply = (request) => ({ respondWith: 'screen', screen: 'APPOINTMENT', data: { echo: request.data } });
		}
	});

	it('publishes an endpoint Flow only with a signed key and a healthy endpoint', async () => {
		const id = await createFlow();
		const noKey = await call(emulator(), 'POST', `/v24.0/${id}/publish`);
		expect(noKey.body.error).toMatchObject({ code: 139002, error_data: { details: 'No phone number of the WhatsApp Business Account has a signed business public key.' } });
		await uploadKey(PAIR.publicKey);
		endpoint.keys = { ...endpoint.keys, appSecret: 'another-app' };
		expect((await call(emulator(), 'POST', `/v24.0/${id}/publish`)).body.error.error_data.details).toBe('The endpoint did not pass the health check (HTTP 432).');
		endpoint.keys = { ...endpoint.keys, appSecret: 'S' };
		expect((await call(emulator(), 'POST', `/v24.0/${id}/publish`)).body).toEqual({ success: true });
		expect(emulator().state.flows.of(id).status).toBe('PUBLISHED');
	});

	it('counts the endpoint\'s requests for the Metrics API once there are 250', async () => {
		await uploadKey(PAIR.publicKey);
		const id = await createFlow();
		for (let i = 0; i < 250; i++) await emulator().flowClient.ping(id);
		const day = new Date(emulator().clock.now()).toISOString().slice(0, 10);
		const metric = await call(emulator(), 'GET', `/v24.0/${id}?fields=metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY).since(${day}).until(${day})`);
		expect(metric.body.metric).toEqual({ granularity: 'DAY', name: 'ENDPOINT_REQUEST_COUNT', data_points: [{ timestamp: `${day}T00:00:00+0000`, data: [{ key: 'value', value: 250 }] }] });
	});
});
