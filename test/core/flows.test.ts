import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findOperation } from '../../nodes/shared/catalog';
import { GraphClient } from '../../nodes/shared/graph/client';
import { GraphApiError, ValidationError } from '../../nodes/shared/graph/errors';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { runOperation } from '../../nodes/shared/run';
import { TOKEN } from '../emulator/testClient';
import { accountFor, failure, graphCalls, PHONE_NUMBER_ID, useManage, WABA_ID } from './manage.helpers';
import { PAIR } from './flows.helpers';

const BOOKING = readFileSync(join(__dirname, '..', 'fixtures', 'flows', 'booking-flow.json'), 'utf8');
const { handle } = useManage();
const emulator = () => handle.emulator;

/** Runs a Flow operation with an account that holds the Flow private key (or the one given). */
function run(operation: string, values: Record<string, unknown> = {}, keys: { flowPrivateKey?: string; flowPrivateKeyPassphrase?: string } = { flowPrivateKey: PAIR.privateKey }) {
	const spec = findOperation('flow', operation)!;
	const account = { ...accountFor(emulator()), ...keys };
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	return runOperation(spec, values, { client, account, now: () => emulator().clock.now() }) as Promise<any>;
}

describe('flow: create, list, get, update, upload Flow JSON', () => {
	it('creates a draft with its Flow JSON as typed, categories and endpoint, and lists and reads it', async () => {
		const created = await run('create', { name: 'Appointment booking', categories: 'APPOINTMENT_BOOKING, OTHER', flowJson: BOOKING, endpointUri: 'https://flows.example.com/booking' });
		expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), success: true, validation_errors: [], valid: true, validationErrors: [] });
		const [call] = graphCalls(emulator());
		expect(call.path).toBe(`/v24.0/${WABA_ID}/flows`);
		// Sent as the user typed it, so that Meta's line numbers are the user's.
		expect(call.body).toEqual({ name: 'Appointment booking', categories: ['APPOINTMENT_BOOKING', 'OTHER'], flow_json: BOOKING, endpoint_uri: 'https://flows.example.com/booking' });

		const [listed] = await run('getMany', { returnAll: true });
		expect(listed).toMatchObject({ id: created.id, name: 'Appointment booking', status: 'DRAFT', categories: ['APPOINTMENT_BOOKING', 'OTHER'], valid: true });
		const read = await run('get', { flowId: created.id });
		expect(read).toMatchObject({ id: created.id, status: 'DRAFT', json_version: '7.3', data_api_version: '3.0', endpoint_uri: 'https://flows.example.com/booking', whatsapp_business_account: { id: WABA_ID } });
		expect(read.health_status).toMatchObject({ can_send_message: 'AVAILABLE' });
	});

	it('shows Meta\'s validation errors of a Flow JSON by line and path, and the Flow stays a draft that cannot be published', async () => {
		const { id } = await run('create', { name: 'Broken', categories: 'OTHER' });
		const broken = BOOKING.replace('"type": "TextInput", "label": "Email"', '"type": "TextImput", "label": "Email"');
		const uploaded = await run('uploadJson', { flowId: id, flowJson: broken });
		const line = broken.split('\n').findIndex((l) => l.includes('TextImput')) + 1;
		expect(uploaded.valid).toBe(false);
		expect(uploaded.validationErrors).toEqual([
			`line ${line}, column ${broken.split('\n')[line - 1].indexOf('"TextImput"') + 1}, screens[1].layout.children[0].children[2].type: Invalid value found for property 'type' at 'screens[1].layout.children[0].children[2]': unknown component "TextImput". (INVALID_PROPERTY_VALUE)`,
		]);
		expect(uploaded.validation_errors[0]).toMatchObject({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', line_start: line, pointers: [{ path: 'screens[1].layout.children[0].children[2].type' }] });
		const upload = graphCalls(emulator()).find((r) => r.path.endsWith('/assets'))!;
		expect(upload.method).toBe('POST');
		expect(String(upload.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
		const refused = await failure(run('publish', { flowId: id }));
		expect(refused).toBeInstanceOf(GraphApiError);
		expect(refused.code).toBe(139002);
		expect(refused.message).toContain('1 validation error');
		expect(emulator().state.flows.of(id).status).toBe('DRAFT');
	});

	it.each([
		['not JSON', '{"version": "7.3",', /Invalid Flow JSON \(flowJson\): is not valid JSON/],
		['no version', JSON.stringify({ screens: [] }), /version is required/],
		['no screens', JSON.stringify({ version: '7.3', screens: [] }), /screens is required: a non-empty array/],
		['the reserved screen id', JSON.stringify({ version: '7.3', screens: [{ id: 'SUCCESS', layout: {} }] }), /screens\[0\]\.id "SUCCESS" is reserved/],
		['a duplicate screen id', JSON.stringify({ version: '7.3', screens: [{ id: 'A', layout: {} }, { id: 'A', layout: {} }] }), /screens\[1\]\.id "A" is already the id of another screen/],
		['a screen without layout', JSON.stringify({ version: '7.3', screens: [{ id: 'A' }] }), /screens\[0\]\.layout is required/],
		['an endpoint Flow without routing model', JSON.stringify({ version: '7.3', data_api_version: '3.0', screens: [{ id: 'A', layout: {} }] }), /routing_model is required with data_api_version/],
		['a route to an unknown screen', JSON.stringify({ version: '7.3', routing_model: { A: ['B'] }, screens: [{ id: 'A', layout: {} }] }), /routing_model\.A: the Flow has no screen "B"/],
		['data_channel_uri from 3.0', JSON.stringify({ version: '7.3', data_channel_uri: 'https://x', screens: [{ id: 'A', layout: {} }] }), /data_channel_uri is not allowed from version 3.0/],
	])('refuses a Flow JSON with %s before any request', async (_name, flowJson, problem) => {
		const error = await failure(run('uploadJson', { flowId: '1234567890', flowJson }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toMatch(problem);
		expect(graphCalls(emulator())).toEqual([]);
	});

	it('updates metadata; an edit of a published Flow makes it a draft again', async () => {
		const { id } = await run('create', { name: 'Survey', categories: 'SURVEY', flowJson: JSON.stringify({ version: '7.3', screens: [{ id: 'Q', terminal: true, layout: { type: 'SingleColumnLayout', children: [] } }] }) });
		expect(await run('publish', { flowId: id })).toEqual({ success: true, flowId: id, status: 'PUBLISHED' });
		expect(await run('update', { flowId: id, name: 'Survey 2026', categories: 'SURVEY, OTHER' })).toEqual({ success: true, flowId: id });
		expect(emulator().state.flows.of(id)).toMatchObject({ name: 'Survey 2026', categories: ['SURVEY', 'OTHER'], status: 'DRAFT' });
		expect((await failure(run('update', { flowId: id }))).message).toBe('Invalid Name (name): give a name, categories, an endpoint URI or an application ID: there is nothing to update');
		expect((await failure(run('create', { name: 'Survey 2026', categories: 'SURVEY' }))).message).toMatch(/WhatsApp error 100.*not unique/);
		expect((await failure(run('create', { name: 'x', categories: 'SHOPPING' }))).message).toMatch(/Invalid Categories \(categories\) \(0\): must be one of SIGN_UP, SIGN_IN/);
	});
});

describe('flow: publish, deprecate, delete, preview, metrics', () => {
	const simple = JSON.stringify({ version: '7.3', screens: [{ id: 'Q', terminal: true, layout: { type: 'SingleColumnLayout', children: [] } }] });

	it('moves a Flow through its statuses as Meta allows, with Meta\'s codes when it does not', async () => {
		const { id } = await run('create', { name: 'Lifecycle', categories: 'OTHER', flowJson: simple });
		expect((await failure(run('deprecate', { flowId: id }))).code).toBe(139003);
		await run('publish', { flowId: id });
		expect((await failure(run('delete', { flowId: id }))).code).toBe(139004);
		expect(await run('deprecate', { flowId: id })).toEqual({ success: true, flowId: id, status: 'DEPRECATED' });
		expect((await failure(run('uploadJson', { flowId: id, flowJson: simple }))).code).toBe(139001);
		const draft = await run('create', { name: 'Scratch', categories: 'OTHER' });
		expect(await run('delete', { flowId: draft.id })).toEqual({ deleted: true, flowId: draft.id });
		expect(emulator().state.flows.get(draft.id)).toBeUndefined();
	});

	it('publishes with the Flow JSON at creation, and refuses to without one before any request', async () => {
		const created = await run('create', { name: 'Published at once', categories: 'OTHER', flowJson: simple, publish: true });
		expect(emulator().state.flows.of(created.id).status).toBe('PUBLISHED');
		expect((await failure(run('create', { name: 'No JSON', categories: 'OTHER', publish: true }))).message).toBe('Invalid Flow JSON (flowJson): is required to publish at creation');
	});

	it('gives the preview URL, the same until invalidated', async () => {
		const { id } = await run('create', { name: 'Preview', categories: 'OTHER', flowJson: simple });
		const first = await run('getPreviewUrl', { flowId: id });
		expect(first).toEqual({ flowId: id, previewUrl: expect.stringMatching(/^https:\/\/business\.facebook\.com\/wa\/manage\/flows\//), expiresAt: expect.any(String) });
		expect((await run('getPreviewUrl', { flowId: id })).previewUrl).toBe(first.previewUrl);
		emulator().advanceClock(1000);
		expect((await run('getPreviewUrl', { flowId: id, invalidate: true })).previewUrl).not.toBe(first.previewUrl);
		expect(graphCalls(emulator()).at(-1)!.query.fields).toBe('preview.invalidate(true)');
	});

	it('passes Meta\'s "not enough data" on, and checks the window before any request', async () => {
		const { id } = await run('create', { name: 'Metrics', categories: 'OTHER', flowJson: simple });
		const today = new Date(emulator().clock.now()).toISOString().slice(0, 10);
		const tooFew = await failure(run('getMetrics', { flowId: id, since: today, until: today }));
		expect(tooFew.message).toMatch(/WhatsApp error 100.*at least 250/);
		expect(graphCalls(emulator()).at(-1)!.query.fields).toBe(`metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY).since(${today}).until(${today})`);
		const old = new Date(emulator().clock.now() - 40 * 86_400_000).toISOString().slice(0, 10);
		expect((await failure(run('getMetrics', { flowId: id, granularity: 'HOUR', since: old, until: today }))).message).toMatch(/Invalid Since \(since\): must be within the last 30 days for HOUR/);
		expect((await failure(run('getMetrics', { flowId: id, since: today, until: old }))).message).toMatch(/Invalid Until \(until\): must not be before Since/);
	});
});

describe('flow: the encryption key', () => {
	it('uploads the credential key\'s public key to the number (form-urlencoded), and reads it back VALID and matching', async () => {
		expect(await run('uploadPublicKey', {})).toEqual({ success: true, phoneNumberId: PHONE_NUMBER_ID });
		const upload = graphCalls(emulator()).at(-1)!;
		expect(upload.path).toBe(`/v24.0/${PHONE_NUMBER_ID}/whatsapp_business_encryption`);
		expect(upload.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
		expect(emulator().state.flows.publicKeys.get(PHONE_NUMBER_ID)).toEqual({ pem: PAIR.publicKey, status: 'VALID' });
		expect(await run('getPublicKey', {})).toEqual({ phoneNumberId: PHONE_NUMBER_ID, publicKey: PAIR.publicKey.trim(), signatureStatus: 'VALID', matchesCredential: true });
	});

	it('reads MISMATCH, and a key that is not the credential\'s', async () => {
		const other = (await run('generateKeyPair', {}, {})) as { publicKey: string; privateKey: string; encrypted: boolean };
		expect(other.encrypted).toBe(false);
		await run('uploadPublicKey', { publicKey: other.publicKey.replace(/\n/g, ' ') });
		await fetch(`${emulator().url}/__emulator/numbers/${PHONE_NUMBER_ID}/public-key-status`, { method: 'POST', body: JSON.stringify({ status: 'MISMATCH' }) });
		expect(await run('getPublicKey', {})).toMatchObject({ signatureStatus: 'MISMATCH', matchesCredential: false });
		expect(await run('getPublicKey', {}, {})).toMatchObject({ matchesCredential: undefined });
	});

	it('generates a pair encrypted with the credential\'s passphrase', async () => {
		const pair = await run('generateKeyPair', {}, { flowPrivateKeyPassphrase: 'a passphrase' });
		expect(pair).toMatchObject({ encrypted: true, privateKey: expect.stringContaining('-----BEGIN ENCRYPTED PRIVATE KEY-----'), publicKey: expect.stringContaining('-----BEGIN PUBLIC KEY-----') });
		expect(graphCalls(emulator())).toEqual([]);
	});

	it('refuses, before any request, a key that is no RSA 2048 public key, and an empty one without a credential key', async () => {
		expect((await failure(run('uploadPublicKey', { publicKey: 'ssh-rsa AAAA' }))).message).toBe('Invalid Public Key (publicKey): is not a PEM public key (-----BEGIN PUBLIC KEY-----)');
		const empty = await failure(run('uploadPublicKey', {}, {}));
		expect(empty.message).toMatch(/^Invalid Public Key \(publicKey\): is empty, and the credential's key cannot give it: No Flow private key/);
		expect(graphCalls(emulator())).toEqual([]);
	});
});
