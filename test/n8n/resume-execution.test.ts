import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resumeExecution, SETTLEMENT_SIGNATURE_HEADER } from '../../nodes/n8n/conversation';
import type { Settlement } from '../../nodes/shared/conversation';
import { verifySignature } from '../../nodes/shared/webhook/verify';

const SECRET = 'app-secret-for-resumes-0123';

/** n8n's /webhook-waiting/<id>, answering each POST with the next of `answers` (the last one repeats). */
async function waitingWebhook(answers: Array<[number, string]>) {
	const received: Array<{ raw: Buffer; signature: string }> = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ raw: Buffer.concat(chunks), signature: String(req.headers[SETTLEMENT_SIGNATURE_HEADER]) });
			const [status, body] = answers[Math.min(received.length, answers.length) - 1];
			res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push(server);
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook-waiting/7?signature=t`, received };
}

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const settlement = (resume: string) => ({ group: { id: 'g1', host: 'n8n', resume, size: 1 }, results: [{ index: 0, outcome: 'replied', json: { replyId: 'yes' } }] }) as unknown as Settlement;

describe('resuming a waiting n8n execution', () => {
	it('tries again while n8n says the execution is running or fails for a moment, then delivers the signed answers once', async () => {
		const hook = await waitingWebhook([
			[409, 'The execution "7" is running already.'],
			[503, 'Service Unavailable'],
			[200, 'OK'],
		]);
		const logged: string[] = [];
		await resumeExecution(settlement(hook.url), SECRET, (message) => logged.push(message));
		expect(hook.received).toHaveLength(3);
		const last = hook.received[2];
		expect(verifySignature(new Uint8Array(last.raw), last.signature, SECRET)).toBe(true);
		expect(JSON.parse(last.raw.toString('utf8'))).toMatchObject({ group: { id: 'g1' }, results: [{ outcome: 'replied' }] });
		expect(logged).toEqual([]);
	});

	it('gives up at once, saying why, when the wait is over (finished, unknown, refused)', async () => {
		for (const [status, body] of [
			[409, 'The execution "7 has finished already.'],
			[404, 'The execution "7" does not exist.'],
			[401, '{"error":"Invalid token"}'],
		] as Array<[number, string]>) {
			const hook = await waitingWebhook([[status, body]]);
			const logged: string[] = [];
			await resumeExecution(settlement(hook.url), SECRET, (message) => logged.push(message));
			expect(hook.received).toHaveLength(1);
			expect(logged).toEqual([`conversations: could not resume the waiting execution (HTTP ${status}: ${body})`]);
			expect(logged.join()).not.toContain(SECRET);
		}
	});
});
