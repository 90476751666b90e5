import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvedTemplates, findTemplate, phoneNumberChoices, readDefaultNumber } from '../../nodes/shared/account/lookups';
import { inboundMedia } from '../../nodes/shared/account/media';
import type { OpenedAccount } from '../../nodes/shared/account/open';
import { findOperation } from '../../nodes/shared/catalog';
import { normaliseSettings, type RawSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { PacingWaitError } from '../../nodes/shared/pacing/errors';
import { MemoryIdempotency } from '../../nodes/shared/scale/idempotency';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { runOperation } from '../../nodes/shared/run';
import { isSubscribed } from '../../nodes/shared/webhook';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { MemoryConversations } from '../../nodes/shared/conversation/memoryStore';

const TOKEN = 'EAApaced-path-token-0123';
const WABA_ID = '102290129340398';
const PHONE_NUMBER_ID = '106540352242922';
/** A WABA that may make 3 management calls an hour, in the emulator and as the pacer knows it. */
const BUDGET = 3;
const BUDGET_LIMIT = /hourly management-call budget of the WABA would take .* more than the maximum wait of 1\.0 s/;

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 's', managementBudget: BUDGET });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

/** An account on the emulator with a pacer of its own (budget 3, a Max Wait of 1 s), as openAccount gives the hosts. */
function open(settings: RawSettings = {}): OpenedAccount {
	const account = normaliseSettings({ accessToken: TOKEN, wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, baseUrl: emulator.url, maxWaitSeconds: '1', ...settings });
	const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: emulator.url, apiVersion: account.apiVersion });
	const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
	const pacer = new Pacer({ now: () => Date.now(), sleep, classify: classifyGraphFailure, managementBudget: BUDGET });
	return { account, client, pacer, secrets: [TOKEN], sleep, conversations: new MemoryConversations(() => Date.now()), idempotency: new MemoryIdempotency() };
}

const run = (opened: OpenedAccount, resource: string, operation: string, values: Record<string, unknown> = {}) =>
	runOperation(findOperation(resource, operation)!, values, opened);

const graphCalls = () => emulator.state.requests.filter((r) => r.path.startsWith('/v')).length;

/** The budget is used up: the next management call to the WABA fails before any request, and the platform refused nothing. */
async function expectBudgetSpent(opened: OpenedAccount) {
	const before = graphCalls();
	const error = await run(opened, 'template', 'getMany', { returnAll: true }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(PacingWaitError);
	expect((error as Error).message).toMatch(BUDGET_LIMIT);
	expect(graphCalls()).toBe(before);
	expect(emulator.limits.refused[80007]).toBe(0);
}

describe('every Graph call on the paced path, counted where Meta counts it', () => {
	it('counts the editors\' lookups against the WABA\'s management budget, every page', async () => {
		const opened = open();
		expect((await phoneNumberChoices(opened)).map((n) => n.label)).toContain('Flowpace Demo (+15550783881)');
		expect((await approvedTemplates(opened)).map((t) => t.value)).toContain('order_update|en_US');
		expect((await findTemplate(opened, 'order_update', 'en_US'))?.fields.map((f) => f.id)).toContain('body.first_name');
		await expectBudgetSpent(opened);
	});

	it('counts the trigger\'s subscription checks against the WABA\'s management budget', async () => {
		const opened = open();
		const target = { wabaId: WABA_ID, callbackUrl: 'https://example.com/webhook/abc/webhook' };
		for (let i = 0; i < BUDGET; i++) expect(await isSubscribed(opened, target)).toBe(false);
		await expectBudgetSpent(opened);
	});

	it('counts Template Get (by template ID) under the account\'s WABA, and the token check (GET /{phone-number-id}) too', async () => {
		const opened = open();
		const [template] = [...emulator.state.templates.values()];
		expect(await run(opened, 'template', 'get', { templateId: template.id })).toMatchObject({ id: template.id });
		expect(await run(opened, 'template', 'get', { templateId: template.id })).toMatchObject({ name: template.name });
		expect(await readDefaultNumber(opened)).toMatchObject({ verified_name: 'Flowpace Demo' });
		await expectBudgetSpent(opened);
	});

	it('counts the account administration where Meta counts it: the number\'s status and display name reads, the WABA\'s fields and users', async () => {
		const opened = open();
		expect(await run(opened, 'phoneNumber', 'getStatus')).toMatchObject({ status: 'CONNECTED' });
		expect(await run(opened, 'phoneNumber', 'getDisplayNameStatus')).toMatchObject({ name_status: 'APPROVED' });
		expect(await run(opened, 'businessAccount', 'get', { fields: 'name' })).toMatchObject({ name: 'Flowpace Emulated WABA' });
		await expectBudgetSpent(opened);
	});

	it('counts no call of the Business portfolio\'s or of the number\'s own edges against the WABA', async () => {
		const opened = open();
		for (let i = 0; i <= BUDGET; i++) await run(opened, 'businessAccount', 'getMany', { businessId: '506914307656634', returnAll: true });
		expect(await run(opened, 'template', 'getMany', { limit: 1 })).toHaveLength(1);
	});

	it('counts nothing for an account without a WABA ID: its template reads go at once', async () => {
		const opened = open({ wabaId: '' });
		const [template] = [...emulator.state.templates.values()];
		for (let i = 0; i <= BUDGET; i++) expect(await run(opened, 'template', 'get', { templateId: template.id })).toMatchObject({ id: template.id });
	});

	it('reads the number\'s level for throughput `auto` on the path: a management call of the WABA', async () => {
		const opened = open({ throughput: 'auto', phoneNumberId: '106540352242923' });
		emulator.faults.add({ kind: 'error', code: 131000, path: '/106540352242923$', method: 'GET' });
		const sent = (await run(opened, 'message', 'sendText', { to: '+16505551234', body: 'Your order shipped' })) as { messageId: string };
		expect(sent.messageId).toBe(emulator.state.messages[0].id);
		// The lookup met a transient fault and was retried, as any call on the path is: two calls of the budget.
		const lookups = emulator.state.requests.filter((r) => r.path.endsWith('/106540352242923') && r.query.fields === 'throughput');
		expect(lookups).toHaveLength(2);
		await run(opened, 'phoneNumber', 'getMany', { returnAll: true });
		await expectBudgetSpent(opened);
	});

	it('downloads inbound media on the path: a transient fault is retried instead of losing the file', async () => {
		const opened = open();
		const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a tiny jpeg')]);
		const image = emulator.webhooks.inboundMedia(bytes, 'image/jpeg') as { id: string };
		emulator.faults.add({ kind: 'error', code: 131000, path: `/${image.id}$`, method: 'GET' });
		const { file, mediaError } = await inboundMedia(opened, { kind: 'message', mediaId: image.id, phoneNumberId: PHONE_NUMBER_ID });
		expect(mediaError).toBeUndefined();
		expect(Buffer.compare(Buffer.from(file!.data), bytes)).toBe(0);
		expect(await inboundMedia(opened, { kind: 'status', phoneNumberId: PHONE_NUMBER_ID })).toEqual({});
	});

	it('keeps a failed inbound download as a media error without the token', async () => {
		const opened = open();
		const { file, mediaError } = await inboundMedia(opened, { kind: 'message', mediaId: '1003383421387256', phoneNumberId: PHONE_NUMBER_ID });
		expect(file).toBeUndefined();
		expect(mediaError).toMatch(/1003383421387256/);
		expect(mediaError).not.toContain(TOKEN);
	});
});
