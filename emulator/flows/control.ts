import { invalidParameter } from '../graphError';
import { RawReply } from '../rawReply';
import type { ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import type { RequestOptions, SessionOptions } from './client';

/**
 * The WhatsApp client simulator on the control API (loopback, no token), for tests and demos
 * outside the process: open a Flow against its endpoint, step through its screens, ping it, and
 * the signature status of a number's key. The Flow JSON asset's download URL is served here too.
 */
export function registerFlowControl(emulator: GraphEmulator) {
	const body = (req: ParsedRequest) => (req.body ?? {}) as SessionOptions & RequestOptions & Record<string, unknown>;

	emulator.controlRoute('POST', /^\/__emulator\/flows\/(\d+)\/ping$/, ([, id], req) => emulator.flowClient.ping(id, body(req)));
	emulator.controlRoute('POST', /^\/__emulator\/flows\/(\d+)\/open$/, ([, id], req) => emulator.flowClient.open(id, body(req)));
	emulator.controlRoute('POST', /^\/__emulator\/flow-sessions\/([0-9a-f]+)$/, ([, session], req) => {
		const { screen, action, data, appSecret, publicKey } = body(req);
		if (typeof screen !== 'string') throw invalidParameter('Param screen is required: the screen the user is on.');
		if (action !== undefined && action !== 'data_exchange' && action !== 'BACK') throw invalidParameter('Param action must be data_exchange or BACK.');
		if (data !== undefined && (typeof data !== 'object' || data === null || Array.isArray(data))) throw invalidParameter('Param data must be an object.');
		return emulator.flowClient.exchange(session, { screen, action, data: data as Record<string, unknown> | undefined, appSecret, publicKey });
	});
	emulator.controlRoute('GET', /^\/__emulator\/flows\/(\d+)\/flow\.json$/, ([, id]) => {
		const flow = emulator.state.flows.of(id);
		return new RawReply(Buffer.from(flow.json ?? '', 'utf8'), { 'content-type': 'application/json' });
	});
	// A key's signature breaks when the number is registered again (Meta's "Flows Encryption" page).
	emulator.controlRoute('POST', /^\/__emulator\/numbers\/(\d+)\/public-key-status$/, ([, id], req) => {
		const key = emulator.state.flows.publicKeys.get(id);
		const status = body(req).status;
		if (!key) throw invalidParameter(`Phone number ${id} has no business public key.`);
		if (status !== 'VALID' && status !== 'MISMATCH') throw invalidParameter('Param status must be VALID or MISMATCH.');
		key.status = status;
		return { success: true };
	});
}
