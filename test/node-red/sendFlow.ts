import { createRequire } from 'node:module';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import registerSend from '../../nodes/node-red/whatsapp-platform-send';
import type { GraphEmulator } from '../../emulator/server';

const require = createRequire(__filename);
export const helper = require('node-red-node-test-helper');

/** Points the helper at the node-red the tests run (once per file). */
export const initHelper = () => helper.init(require.resolve('node-red'));

export const PHONE_NUMBER_ID = '106540352242922';

export interface Msg {
	payload: any;
	[key: string]: any;
}

/**
 * A flow of config → send → helper on a tab (with the tab's environment variables, if any);
 * resolves the messages that come out and the errors reported.
 */
export async function loadSend(emulator: GraphEmulator, token: string, send: Record<string, unknown>, tab: Record<string, unknown> = {}) {
	const flow = [
		{ id: 'tab', type: 'tab', ...tab },
		{ id: 'acct', type: 'whatsapp-platform-config', wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url },
		{ id: 'send', z: 'tab', type: 'whatsapp-platform-send', account: 'acct', wires: [['out']], ...send },
		{ id: 'out', z: 'tab', type: 'helper' },
	];
	await helper.load([registerConfig, registerSend], flow, { acct: { accessToken: token } });
	const node = helper.getNode('send');
	// One listener each for the whole flow (Node-RED keeps input handlers in its own list, so once() would linger).
	let pending: { resolve: (msg: Msg) => void; reject: (error: Error) => void } | undefined;
	helper.getNode('out').on('input', (msg: Msg) => pending?.resolve(msg));
	node.on('call:error', (call: { args: [Error | string, Msg?] }) => pending?.reject(Object.assign(new Error(String(call.args[0])), { msg: call.args[1] })));
	return {
		node,
		/** Sends a message in; resolves with what comes out, or rejects with the error given to done(). */
		input(msg: Msg): Promise<Msg> {
			return new Promise((resolve, reject) => {
				pending = { resolve, reject };
				node.receive(msg);
			});
		},
		lastStatus: () => node.status.lastCall?.args[0],
	};
}
