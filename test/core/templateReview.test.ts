import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reviewTemplate } from '../../emulator/routes/templates';
import { SIGNATURE_HEADER, unwatchTemplateReviews, watchTemplateReviews, WebhookReceiver } from '../../nodes/shared/webhook';
import { failure, graphCalls, useManage, WABA_ID } from './manage.helpers';

const { handle, run } = useManage();
const emulator = () => handle.emulator;
const reads = (id: string) => graphCalls(emulator()).filter((r) => r.method === 'GET' && r.path === `/v24.0/${id}`);
const template = (name: string) => ({ name, category: 'MARKETING', body: 'Our spring sale starts tomorrow.', waitForApproval: true, pollIntervalSeconds: 5, approvalTimeoutMinutes: 2 });

/** A timer that moves the emulator's clock instead of waiting, and calls `at(n)` on its n-th wait. */
function fastSleep(at: (n: number) => void = () => undefined) {
	let n = 0;
	return async (ms: number) => {
		emulator().clock.advance(ms);
		at(++n);
	};
}

/** The id of the template created under this name, once the emulator has it. */
async function createdId(name: string): Promise<string> {
	for (;;) {
		const found = [...emulator().state.templates.values()].find((t) => t.name === name);
		if (found) return found.id;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('template: Wait for Approval by polling (no trigger active)', () => {
	it('reads the template every poll interval until it is APPROVED', async () => {
		const result = await run('template', 'create', template('approved_by_poll'), {
			sleep: fastSleep((n) => n === 3 && reviewTemplate(emulator(), [...emulator().state.templates.values()].at(-1)!.id, 'APPROVED')),
		});
		expect(result).toMatchObject({ id: expect.any(String), status: 'APPROVED', category: 'MARKETING', review: { via: 'polling', timedOut: false } });
		expect(result.rejectedReason).toBeUndefined();
		expect(reads(result.id)).toHaveLength(3);
		expect(reads(result.id)[0].query.fields).toBe('status,rejected_reason');
	});

	it('reports a rejection with Meta\'s reason', async () => {
		const result = await run('template', 'create', template('rejected_by_poll'), { sleep: fastSleep((n) => n === 1 && reviewTemplate(emulator(), [...emulator().state.templates.values()].at(-1)!.id, 'REJECTED', 'PROMOTIONAL')) });
		expect(result).toMatchObject({ status: 'REJECTED', rejectedReason: 'PROMOTIONAL', review: { via: 'polling', timedOut: false } });
	});

	it('stops at the time limit and reports the template still PENDING', async () => {
		const result = await run('template', 'create', { ...template('never_reviewed'), approvalTimeoutMinutes: 1, pollIntervalSeconds: 20 }, { sleep: fastSleep() });
		expect(result).toMatchObject({ status: 'PENDING', review: { via: 'polling', timedOut: true, waitedSeconds: 60 } });
		expect(reads(result.id)).toHaveLength(3);
	});

	it('waits after an edit too', async () => {
		const { id } = await run('template', 'create', { name: 'edited', category: 'MARKETING', body: 'Hello there.' });
		reviewTemplate(emulator(), id, 'REJECTED', 'INVALID_FORMAT');
		const result = await run('template', 'update', { templateId: id, components: '[{"type":"BODY","text":"Hello there, friend."}]', waitForApproval: true, pollIntervalSeconds: 5 }, { sleep: fastSleep((n) => n === 2 && reviewTemplate(emulator(), id, 'APPROVED')) });
		expect(result).toMatchObject({ success: true, status: 'APPROVED', review: { via: 'polling' } });
	});

	it.each([
		['a poll interval under 5 seconds', { pollIntervalSeconds: 1 }, 'Invalid Poll Interval (Seconds) (pollIntervalSeconds): must be 5 to 3600 seconds'],
		['a time limit over a day', { approvalTimeoutMinutes: 1441 }, 'Invalid Approval Time Limit (Minutes) (approvalTimeoutMinutes): must be 1 to 1440 minutes'],
	])('refuses %s before any request', async (_what, values, message) => {
		expect((await failure(run('template', 'create', { ...template('bad_wait'), ...values }))).message).toBe(message);
		expect(graphCalls(emulator())).toHaveLength(0);
	});
});

describe('template: Wait for Approval from the status webhook (a trigger active in this process)', () => {
	let server: Server;
	const receiver = new WebhookReceiver({ appSecret: 'S', verifyToken: 'v', now: () => Date.now() });

	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => res.writeHead(receiver.receive(Buffer.concat(chunks), req.headers[SIGNATURE_HEADER]).status).end());
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	});
	afterEach(() => unwatchTemplateReviews('test-trigger'));
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it.each([
		['APPROVED', undefined],
		['REJECTED', 'INCORRECT_CATEGORY'],
	])('ends on the webhook\'s %s without reading the template', async (status, reason) => {
		emulator().options.callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		watchTemplateReviews('test-trigger', WABA_ID);
		const name = `by_webhook_${status.toLowerCase()}`;
		const waiting = run('template', 'create', { ...template(name), pollIntervalSeconds: 60 }, { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
		const id = await createdId(name);
		reviewTemplate(emulator(), id, status, reason);
		const result = await waiting;
		expect(result).toMatchObject({ id, status, review: { via: 'webhook', timedOut: false } });
		expect(result.rejectedReason).toBe(reason);
		expect(reads(id)).toHaveLength(0);
		emulator().options.callbackUrl = undefined;
	});
});
