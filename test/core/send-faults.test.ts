import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { sendText } from '../../nodes/shared/catalog/message/sendText';
import { DEFAULT_API_VERSION, type AccountSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { runOperation } from '../../nodes/shared/run';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: 'fault-token-123', appSecret: 's' });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

/** One send through the one path both hosts take, with a short client timeout. */
function send(body: string) {
	const account = { accessToken: 'fault-token-123', phoneNumberId: '106540352242922', apiVersion: DEFAULT_API_VERSION, baseUrl: emulator.url } as AccountSettings;
	const client = new GraphClient({ transport: fetchTransport(account.accessToken), baseUrl: emulator.url, apiVersion: DEFAULT_API_VERSION, timeoutMs: 400 });
	const pacer = new Pacer({ now: () => Date.now(), classify: classifyGraphFailure, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
	return runOperation(sendText, { to: '+16505551234', body }, { client, account, pacer });
}

describe('a send when the Graph API does not answer', () => {
	it('a timeout before the message was processed ends with a clear error, and the message is not retried', async () => {
		emulator.faults.add({ kind: 'timeout', path: '/messages$', times: 1 });
		const error = (await send('first').catch((e: unknown) => e)) as Error;
		expect(error.message).toMatch(/did not answer in time/);
		expect(error.message).toMatch(/may have been delivered: it is not retried/);
		expect(emulator.state.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
		expect(emulator.state.messages).toHaveLength(0);
	});

	it('a timeout after the message was processed sends it once, never twice, and says so', async () => {
		emulator.faults.add({ kind: 'timeout', after: true, path: '/messages$', times: 1 });
		const error = (await send('second').catch((e: unknown) => e)) as Error;
		expect(error.name).toBe('MaybeSentError');
		expect(emulator.state.messages.map((m) => (m.body.text as { body: string }).body)).toEqual(['second']);
	});

	it('the next item goes on normally', async () => {
		emulator.faults.add({ kind: 'timeout', path: '/messages$', times: 1 });
		await send('lost').catch(() => undefined);
		const output = (await send('after')) as { messageId: string };
		expect(output.messageId).toBe(emulator.state.messages.at(-1)!.id);
	});
});
