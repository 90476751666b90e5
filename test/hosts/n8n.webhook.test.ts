import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { metaJson } from '../../emulator/webhooks';
import { Collector } from './collector';
import { APP_SECRET, PHONE_NUMBER_ID, SECRETS, startTestEmulator, TOKEN, VERIFY_TOKEN, WABA_ID } from './fixtures';
import { N8nHost, PACKAGE } from './n8nHost';
import { freePort } from './nodeRedHost';
import { selectedHosts } from './toolchain';
import { INBOUND_OF_EVERY_TYPE, OTHER_KINDS, otherChanges } from './webhookScenarios';

type Event = Record<string, unknown>;
const WEBHOOK_ID = '6c1f9a0e-5b7d-4c1e-9d2a-7f3e1a2b3c4d';
const OTHER_NUMBER = '106540352242923';

/** Trigger → HTTP Request that POSTs all the run's items, once per run, to the test's collector. */
function triggerWorkflow(collectorUrl: string) {
	return {
		id: 'wfWebhook0000001',
		name: 'whatsapp webhook',
		active: false,
		settings: {},
		connections: { Trigger: { main: [[{ node: 'Collect', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: 't1',
				name: 'Trigger',
				type: `${PACKAGE}.whatsAppPlatformTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				// Filters: no `delivered` statuses, only the first number's events.
				parameters: { fields: [], options: { statuses: ['sent', 'read', 'failed'], phoneNumberIds: PHONE_NUMBER_ID, downloadMedia: true } },
				credentials: { whatsAppPlatformApi: { id: 'credWebhook00001', name: 'credWebhook00001' } },
			},
			{
				id: 'c1',
				name: 'Collect',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				executeOnce: true,
				parameters: {
					method: 'POST',
					url: collectorUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify($input.all().map((item) => ({ ...item.json, binary: item.binary?.data ? { fileName: item.binary.data.fileName, mimeType: item.binary.data.mimeType } : undefined }))) }}',
					options: {},
				},
			},
		],
	};
}

describe(`the WhatsApp Platform Trigger in a real n8n ${selectedHosts().n8n.version} server, fed signed webhooks by the emulator`, () => {
	let emulator: GraphEmulator;
	let n8n: N8nHost;
	let collector: Collector;
	let hookUrl = '';
	/** The items of each run, in order of arrival. */
	const runs = () => collector.bodies as Event[][];
	/** Waits for `count` runs in all; on timeout, says what n8n logged. */
	const waitRuns = (count: number, timeoutMs?: number) =>
		collector.waitFor(count, timeoutMs).catch((error: Error) => {
			throw new Error(`${error.message}\n${n8n.logTail(4000)}`);
		}) as Promise<Event[][]>;

	beforeAll(async () => {
		emulator = await startTestEmulator();
		collector = await new Collector().start();
		n8n = await N8nHost.create(inject('tarball'));
		await n8n.importCredentials([
			{
				id: 'credWebhook00001',
				name: 'credWebhook00001',
				type: 'whatsAppPlatformApi',
				data: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
			},
		]);
		await n8n.importWorkflow(triggerWorkflow(collector.url));
		await n8n.activate('wfWebhook0000001');
		await n8n.start(await freePort());
		hookUrl = `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`;
		// Activation ran create(): the WABA's override points here once Meta's handshake passed.
		const deadline = Date.now() + 120_000;
		while (emulator.state.subscriptions[0]?.overrideCallbackUri !== hookUrl) {
			if (Date.now() > deadline) throw new Error(`The trigger did not subscribe the WABA:\n${n8n.serverOutput}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		await n8n.triggerListening(hookUrl);
	});

	afterAll(async () => {
		await n8n?.stop();
		await collector?.stop();
		await emulator?.stop();
	});

	it('subscribed this WABA with an override callback after the emulator verified the handshake', () => {
		const subscribe = emulator.state.requests.find((r) => r.method === 'POST' && r.path === `/v24.0/${WABA_ID}/subscribed_apps`);
		expect(subscribe?.status).toBe(200);
		expect(subscribe?.body).toEqual({ override_callback_uri: hookUrl, verify_token: VERIFY_TOKEN });
		expect(emulator.state.subscriptions).toMatchObject([{ overrideCallbackUri: hookUrl }]);
	});

	it('answers the handshake with the challenge for the right token, 403 for a wrong one', async () => {
		const good = await fetch(`${hookUrl}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${VERIFY_TOKEN}`);
		expect(good.status).toBe(200);
		expect(await good.text()).toBe('1158201444');
		const bad = await fetch(`${hookUrl}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong`);
		expect(bad.status).toBe(403);
		expect(await bad.text()).not.toContain('1158201444');
	});

	it('refuses unsigned, wrongly signed and tampered bodies (401) and malformed ones (400), starting nothing', async () => {
		const before = runs().length;
		const body = metaJson({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [emulator.webhooks.inbound([{ type: 'text', content: { body: 'forged' } }])] }] });
		const sign = (raw: string, secret = APP_SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');
		const post = (raw: string, signature?: string) =>
			fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body: raw });
		expect((await post(body)).status).toBe(401);
		expect((await post(body, sign(body, 'not-the-app-secret'))).status).toBe(401);
		expect((await post(body.replace('forged', 'forgeD'), sign(body))).status).toBe(401);
		const notWhatsApp = '{"object":"page","entry":[]}';
		expect((await post(notWhatsApp, sign(notWhatsApp))).status).toBe(400);
		// A good delivery after them is the next run: none of the refused ones started one.
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'genuine' } }])]);
		const [items] = (await waitRuns(before + 1)).slice(before) as Event[][];
		expect(items.map((e) => e.text)).toEqual(['genuine']);
		expect(JSON.stringify(runs())).not.toContain('forged');
	});

	it('emits one item per inbound message of every type, with sender, type, text, media and reply context', async () => {
		const before = runs().length;
		const [delivery] = await emulator.webhooks.send([emulator.webhooks.inbound(INBOUND_OF_EVERY_TYPE)]);
		expect(delivery.attempts).toEqual([200]);
		const items = ((await waitRuns(before + 1))[before] as Event[]);
		expect(items.map((e) => e.messageType)).toEqual(INBOUND_OF_EVERY_TYPE.map((m) => m.type));
		for (const item of items) expect(item).toMatchObject({ kind: 'message', field: 'messages', from: '16505551234', contactName: 'Sheena Nelson', phoneNumberId: PHONE_NUMBER_ID });
		expect(items[1]).toMatchObject({ text: 'a reply', context: { messageId: 'wamid.original', from: '15550783881' } });
		expect(items[2]).toMatchObject({ mediaId: '1003383421387256', mimeType: 'image/jpeg', text: 'Taj Mahal' });
		expect(items[9].text).toBe('Yes please');
		expect(items[12]).toMatchObject({ text: '👍', context: { messageId: 'wamid.reacted' } });
		expect((items[0].change as { field: string }).field).toBe('messages');
	});

	it('emits statuses, template, quality, account, preference, group and call events, filtered by status and number', async () => {
		const before = runs().length;
		await emulator.webhooks.send([
			...otherChanges(emulator),
			emulator.webhooks.inbound([{ type: 'text', content: { body: 'to the other number' }, phoneNumberId: OTHER_NUMBER }]),
		]);
		const items = (await waitRuns(before + 1))[before] as Event[];
		const expected = OTHER_KINDS.filter(([kind, status]) => !(kind === 'status' && status === 'delivered'));
		expect(items.map((e) => [e.kind, e.status])).toEqual(expected);
		expect(items[0]).toMatchObject({ trackingData: 'order-4711', pricing: { pricing_model: 'PMP', category: 'service' }, recipientId: '16505551234' });
		expect(items[2]).toMatchObject({ kind: 'status', status: 'failed', errors: [{ code: 131026 }] });
		expect(JSON.stringify(items)).not.toContain('to the other number');
	});

	it('verifies non-ASCII text as Meta escapes it, and deduplicates redeliveries', async () => {
		const before = runs().length;
		const change = emulator.webhooks.inbound([{ type: 'text', content: { body: 'Grüße aus Köln 😀 — https://example.com/a/b' } }]);
		const deliveries = await emulator.webhooks.send([change], 3);
		expect(deliveries.map((d) => d.attempts)).toEqual([[200], [200], [200]]);
		expect(deliveries[0].body.toString()).toContain('Gr\\u00fc\\u00dfe aus K\\u00f6ln \\ud83d\\ude00 \\u2014 https:\\/\\/example.com');
		// A later delivery marks the end: the two copies started nothing.
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'marker' } }])]);
		const [first, second] = (await waitRuns(before + 2)).slice(before) as Event[][];
		expect(first.map((e) => e.text)).toEqual(['Grüße aus Köln 😀 — https://example.com/a/b']);
		expect(second.map((e) => e.text)).toEqual(['marker']);
	});

	it('takes 1,000 updates in one POST as 1,000 items, and a 3 MB body', { timeout: 600_000 }, async () => {
		const before = runs().length;
		const thousand = Array.from({ length: 1000 }, (_, i) => ({ type: 'text', content: { body: `message ${i}` } }));
		const [thousandDelivery] = await emulator.webhooks.send([emulator.webhooks.inbound(thousand)]);
		expect(thousandDelivery.attempts).toEqual([200]);
		// Generous waits: the machine is shared; this run took about 2 s when measured.
		const items = (await waitRuns(before + 1, 240_000))[before] as Event[];
		expect(items).toHaveLength(1000);
		expect(items[999].text).toBe('message 999');

		const big = Array.from({ length: 720 }, (_, i) => ({ type: 'text', content: { body: `${i} `.padEnd(4000, 'x') + 'é'.repeat(16) } }));
		const [delivery] = await emulator.webhooks.send([emulator.webhooks.inbound(big)]);
		expect(delivery.body.length).toBeGreaterThan(3_000_000);
		expect(delivery.body.length).toBeLessThanOrEqual(3 * 1024 * 1024);
		expect(delivery.attempts).toEqual([200]);
		const bigItems = (await waitRuns(before + 2, 240_000))[before + 1] as Event[];
		expect(bigItems).toHaveLength(720);
		expect(bigItems[719].text).toBe('719 '.padEnd(4000, 'x') + 'é'.repeat(16));
	});

	it('downloads inbound media into the binary data, and keeps the item with mediaError when it cannot', async () => {
		const before = runs().length;
		const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, ...Buffer.from('-1.4 a tiny pdf')]);
		const document = emulator.webhooks.inboundMedia(bytes, 'application/pdf', { filename: 'invoice.pdf' });
		const gone = { mime_type: 'image/jpeg', sha256: 'x', id: '1003383421387299' };
		await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'document', content: document }, { type: 'image', content: gone }])]);
		const items = (await waitRuns(before + 1))[before] as Event[];
		expect(items[0]).toMatchObject({ mediaId: document.id, mimeType: 'application/pdf', binary: { fileName: `${document.id}.pdf`, mimeType: 'application/pdf' } });
		expect(items[0].mediaError).toBeUndefined();
		expect(items[1].binary).toBeUndefined();
		expect(items[1].mediaError).toMatch(/1003383421387299/);
	});

	it('answers 200 before the workflow has finished its work', async () => {
		const before = runs().length;
		collector.hold();
		try {
			const [delivery] = await emulator.webhooks.send([emulator.webhooks.inbound([{ type: 'text', content: { body: 'slow flow' } }])]);
			expect(delivery.attempts).toEqual([200]);
			await waitRuns(before + 1);
			// The workflow's HTTP request is still waiting for the collector's answer now.
		} finally {
			collector.unhold();
		}
		expect((runs()[before] as Event[])[0].text).toBe('slow flow');
	});

	it('keeps every secret out of the server log and the items', () => {
		const everything = n8n.serverOutput + JSON.stringify(runs());
		for (const secret of SECRETS) expect(everything).not.toContain(secret);
	});
});
