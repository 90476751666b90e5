import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IHookFunctions, IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppPlatformTrigger } from '../../nodes/WhatsAppPlatformTrigger/WhatsAppPlatformTrigger.node';
import { DEFAULT_DEDUP_WINDOW_MINUTES, EVENT_KINDS, STATUS_KINDS, WEBHOOK_FIELDS } from '../../nodes/shared/webhook';
import codex from '../../nodes/WhatsAppPlatformTrigger/WhatsAppPlatformTrigger.node.json';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { isWatched } from '../../nodes/shared/webhook/templateReviews';

describe('the n8n WhatsApp Platform Trigger description', () => {
	const { description, webhookMethods } = new WhatsAppPlatformTrigger();

	it('follows the trigger conventions: name, no inputs, the action node credential', () => {
		expect(description.name).toBe('whatsAppPlatformTrigger');
		expect(description.displayName).toBe('WhatsApp Platform Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect(description.credentials).toEqual([{ name: 'whatsAppPlatformApi', required: true }]);
		expect(codex.node).toBe('@flowpace/n8n-nodes-whatsapp.whatsAppPlatformTrigger');
	});

	it('serves the handshake (GET setup) and the events (POST default) on one path, with the full lifecycle', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'webhook' }),
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook' }),
		]);
		expect(Object.keys(webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
	});

	it('offers every webhook field, event kind and status kind as filters, a dedup window, media download, and starting on awaited replies', () => {
		const fields = description.properties.find((p) => p.name === 'fields');
		expect(fields?.options?.map((o) => (o as { value: string }).value)).toEqual(WEBHOOK_FIELDS);
		expect(WEBHOOK_FIELDS).toEqual(expect.arrayContaining(['messages', 'message_template_status_update', 'phone_number_quality_update', 'account_update', 'user_preferences', 'calls', 'group_lifecycle_update']));
		// Account-level fields say where they arrive: the app's callback URL, not the override the trigger subscribes.
		const named = (value: string) => (fields?.options as Array<{ name: string; value: string }>).find((o) => o.value === value)?.name;
		expect([named('phone_number_quality_update'), named('account_update'), named('message_template_status_update'), named('messages')]).toEqual([
			'Phone number quality update (App Callback URL Only)',
			'Account update (App Callback URL Only)',
			'Message template status update (App Callback URL Only)',
			'Messages',
		]);
		const options = description.properties.find((p) => p.name === 'options')?.options as Array<{ name: string; options?: Array<{ value: string }> }>;
		expect(options.map((o) => o.name)).toEqual(['dedupWindowMinutes', 'downloadMedia', 'events', 'phoneNumberIds', 'startOnReplies', 'statuses', 'stopConfirmation', 'stopKeywords']);
		expect(options.find((o) => o.name === 'statuses')?.options?.map((o) => o.value)).toEqual([...STATUS_KINDS]);
		expect(options.find((o) => o.name === 'events')?.options?.map((o) => o.value)).toEqual([...EVENT_KINDS]);
		expect(options.find((o) => o.name === 'events')?.options).toEqual(expect.arrayContaining([{ name: 'Call connect', value: 'call_connect' }]));
		// A literal in the description (n8n's linter wants one), the core's constant in both hosts' runtime.
		expect((options.find((o) => o.name === 'dedupWindowMinutes') as unknown as { default: number }).default).toBe(DEFAULT_DEDUP_WINDOW_MINUTES);
	});
});

describe('the n8n WhatsApp Platform Trigger webhook, with the Events filter', () => {
	const SECRET = 'app-secret-0123456789abcdef';
	const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/webhooks', `${name}.json`));
	const sign = (raw: Buffer) => 'sha256=' + createHmac('sha256', SECRET).update(raw).digest('hex');
	let nodeId = 0;

	/** Posts signed bodies to one trigger node (its deduplicator lives across posts), as n8n calls webhook(). */
	function triggerNode(options: Record<string, unknown>, fields: string[] = []) {
		const trigger = new WhatsAppPlatformTrigger();
		const node = { id: `trigger-${++nodeId}` };
		return async (raw: Buffer) => {
			const answer: { status?: number; body?: string } = {};
			const response = {
				status: (code: number) => ((answer.status = code), response),
				type: () => response,
				send: (body: string) => ((answer.body = body), response),
			};
			const context = {
				getCredentials: async () => ({ appSecret: SECRET, verifyToken: 'verify-token', wabaId: '102290129340398', accessToken: 'EAAtest' }),
				getRequestObject: () => ({ rawBody: raw, headers: { 'x-hub-signature-256': sign(raw) }, query: {} }),
				getResponseObject: () => response,
				getNodeParameter: (name: string, fallback: unknown) => (name === 'options' ? options : name === 'fields' ? fields : fallback),
				getWebhookName: () => 'default',
				getWorkflow: () => ({ id: 'workflow-1' }),
				getNode: () => node,
			};
			const result = await trigger.webhook.call(context as unknown as IWebhookFunctions);
			const items = (result.workflowData?.[0] ?? []).map((item) => item.json as { kind: string; status?: string; callId?: string; groupId?: string });
			return { answer, items };
		};
	}

	it('starts a run with only the chosen event kinds, answers 200 either way, and runs a duplicated call once', async () => {
		const post = triggerNode({ events: ['call_connect', 'group_participants'] });
		const connect = await post(fixture('meta-call-connect-user-initiated'));
		expect(connect.answer).toEqual({ status: 200, body: 'OK' });
		expect(connect.items).toMatchObject([{ kind: 'call_connect', callId: 'wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh', direction: 'USER_INITIATED', sdpType: 'offer' }]);
		expect((await post(fixture('meta-call-connect-user-initiated'))).items).toEqual([]);
		const filteredOut = await post(fixture('meta-call-status-ringing'));
		expect(filteredOut.answer.status).toBe(200);
		expect(filteredOut.items).toEqual([]);
		expect((await post(fixture('meta-group-participants-add'))).items).toMatchObject([{ kind: 'group_participants', status: 'group_participants_add', from: '16505551234' }]);
		expect((await post(fixture('meta-group-create'))).items).toEqual([]);
	});

	it('with no events chosen, passes every kind; statuses then filter message statuses only', async () => {
		const post = triggerNode({ statuses: ['read'] });
		expect((await post(fixture('meta-call-status-ringing'))).items).toMatchObject([{ kind: 'call_status', status: 'RINGING' }]);
		expect((await post(fixture('meta-call-permission-reply'))).items).toMatchObject([{ kind: 'call_permission_reply', status: 'accept', permanent: false }]);
		expect((await post(fixture('pywa-status-group-read'))).items).toMatchObject([{ kind: 'status', status: 'read', groupId: 'fowefinoewcnw' }]);
		expect((await post(fixture('composed-status-group-delivered-misspelt'))).items).toEqual([]);
	});
});

describe('the n8n trigger\'s subscription lifecycle, on the paced path', () => {
	const TOKEN = 'EAAtrigger-lifecycle-token-0123';
	let emulator: GraphEmulator;
	beforeAll(async () => {
		emulator = await startEmulator({ token: TOKEN, appSecret: 's' });
	});
	afterAll(() => emulator.stop());

	/** The part of n8n's hook context the lifecycle uses; the HTTP helper adds the Bearer token, as n8n's does. */
	const hooks = {
		getCredentials: async () => ({ accessToken: TOKEN, wabaId: '102290129340398', baseUrl: emulator.url, apiVersion: 'v24.0', verifyToken: 'verify' }),
		getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/abc/webhook',
		getNode: () => ({ id: 'trigger-lifecycle', name: 'Trigger' }),
		getWorkflow: () => ({ id: 'workflow-lifecycle' }),
		getWorkflowStaticData: () => ({}),
		logger: { info: () => undefined },
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const response = await fetch(options.url, { method: options.method, headers: { ...(options.headers as object), authorization: `Bearer ${TOKEN}` } });
				return { statusCode: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: Buffer.from(await response.arrayBuffer()) };
			},
		},
	} as unknown as IHookFunctions;

	it('checks the subscription through the pacer: a transient fault is retried, not shown as an error', async () => {
		emulator.faults.add({ kind: 'error', code: 131000, path: '/subscribed_apps$', method: 'GET' });
		expect(await new WhatsAppPlatformTrigger().webhookMethods.default.checkExists.call(hooks)).toBe(false);
		expect(emulator.state.requests.filter((r) => r.path.endsWith('/subscribed_apps'))).toHaveLength(2);
	});

	it('while subscribed, tells Wait for Approval that template reviews of its WABA arrive here; deleted, no more', async () => {
		const { checkExists, delete: remove } = new WhatsAppPlatformTrigger().webhookMethods.default;
		emulator.state.subscriptions = [{ appId: emulator.state.appId, appName: 'Flowpace', overrideCallbackUri: 'https://n8n.example.com/webhook/abc/webhook' }];
		expect(isWatched('102290129340398')).toBe(false);
		expect(await checkExists.call(hooks)).toBe(true);
		expect(isWatched('102290129340398')).toBe(true);
		expect(await remove.call(hooks)).toBe(true);
		expect(isWatched('102290129340398')).toBe(false);
	});
});
