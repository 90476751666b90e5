import { findOperation } from '../../nodes/shared/catalog';
import { DEFAULT_API_VERSION, type AccountSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { runOperation } from '../../nodes/shared/run';
import type { RunContext } from '../../nodes/shared/run/context';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { useEmulator, TOKEN } from '../emulator/testClient';
import type { GraphEmulator } from '../../emulator/server';

export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const VERIFY_TOKEN = 'verify-token-for-overrides';

export const accountFor = (emulator: GraphEmulator): AccountSettings => ({
	accessToken: TOKEN,
	appSecret: 'app-secret-0123',
	verifyToken: VERIFY_TOKEN,
	wabaId: WABA_ID,
	phoneNumberId: PHONE_NUMBER_ID,
	apiVersion: DEFAULT_API_VERSION,
	baseUrl: emulator.url,
	appId: emulator.state.appId,
});

/**
 * An in-process emulator and a runner for catalog operations against it, through the real Graph
 * client and transport, as both hosts run them. `now` is the emulator's clock.
 */
export function useManage() {
	const handle = useEmulator();
	/** `extra`: what a host adds for some operations (the flow's files, a timer). */
	const run = (resource: string, operation: string, values: Record<string, unknown> = {}, extra: Partial<RunContext> = {}) => {
		const spec = findOperation(resource, operation);
		if (!spec) throw new Error(`no operation ${resource}.${operation}`);
		const emulator = handle.emulator;
		const account = accountFor(emulator);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		return runOperation(spec, values, { client, account, now: () => emulator.clock.now(), ...extra }) as Promise<any>;
	};
	return { handle, run };
}

/** The error a run fails with, so a test can assert on its message and fields. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, any>> {
	try {
		await promise;
	} catch (error) {
		return error as Error & Record<string, any>;
	}
	throw new Error('expected the operation to fail');
}

/** The requests the emulator saw, without the ones a test made directly to set up. */
export const graphCalls = (emulator: GraphEmulator) => emulator.state.requests.filter((r) => r.path.startsWith('/v'));

/** Sends real messages through the emulator's /messages endpoint, as a flow would. */
export async function sendThrough(emulator: GraphEmulator, kind: 'text' | 'reminder', phoneNumberId = PHONE_NUMBER_ID) {
	const message =
		kind === 'text'
			? { type: 'text', text: { body: 'Your order shipped' } }
			: {
					type: 'template',
					template: {
						name: 'appointment_reminder',
						language: { code: 'en_US' },
						components: [
							{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
							{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
						],
					},
				};
	const response = await fetch(`${emulator.url}/v24.0/${phoneNumberId}/messages`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({ messaging_product: 'whatsapp', to: '+16505551234', ...message }),
	});
	if (response.status !== 200) throw new Error(`send failed: ${await response.text()}`);
}

export const REMINDER_ID = '594425479261597';
export const DAY_MS = 86_400_000;
/** The start of the emulator's current UTC day, in ms. */
export const dayStart = (emulator: GraphEmulator) => Math.floor(emulator.clock.now() / DAY_MS) * DAY_MS;
export const isoDay = (ms: number) => new Date(ms).toISOString();
