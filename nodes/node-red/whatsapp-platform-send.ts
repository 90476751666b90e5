import { findOperation } from '../shared/catalog';
import type { PacingInfo } from '../shared/pacing/pacer';
import { runOperation } from '../shared/run';
import { idempotencyOption } from '../shared/scale/idempotency';
import { redact } from '../shared/secrets';
import type { AccountNode } from './account';
import { applyOutput, msgFiles, statusText } from './files';
import { onInput } from './input';
import { overridesFrom } from './overrides';
import { PacingStatus } from './pacing';
import { resolveParams, type FormConfig } from './params';
import type { Node, NodeMessage, RED } from './red';
import { ReplyWaiter } from './waitForReply';
import type { WaitingNode } from './conversation';

/** In Node-RED a file travels in msg.payload unless the form names another property. */
const FILE_DEFAULTS = { fileProperty: 'payload', outputProperty: 'payload' };

interface SendConfig extends FormConfig {
	name?: string;
	account: string;
	/** message (default, as flows before media had it) or media. */
	resource?: string;
	operation?: string;
}

export default function register(RED: RED) {
	function WhatsAppPlatformSend(this: Node, config: SendConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		const accountNode = RED.nodes.getNode(config.account) as AccountNode | null;
		const operation = findOperation(config.resource || 'message', config.operation || 'sendText');
		const pacing = accountNode ? new PacingStatus(node, accountNode.pacer) : undefined;
		const waiter = accountNode && operation?.waitsForReply ? new ReplyWaiter(RED, node as WaitingNode, accountNode) : undefined;
		if (waiter) {
			(node as WaitingNode).answered = (settlement) => waiter.answered(settlement);
			waiter.resumeWatching().catch((error: Error) => node.warn(redact(`could not read the questions still waiting: ${error.message}`, accountNode!.secrets)));
		}
		node.on('close', (removed, closed) => {
			pacing?.close();
			// A redeploy or a restart keeps the questions waiting for the node of the same id; a deleted node's go.
			if (removed && waiter) void waiter.forget().finally(closed);
			else closed();
		});

		onInput(node, () => accountNode?.secrets ?? [], handle);

		async function handle(msg: NodeMessage): Promise<NodeMessage | null> {
			if (!accountNode) throw new Error('No WhatsApp account: select or add a whatsapp-platform-config node.');
			if (!operation) throw new Error(`Unknown operation "${config.operation}"`);
			// msg.payload's overrides win over the form, a field read from the message included.
			const overrides = overridesFrom(msg.payload, operation);
			const values: Record<string, unknown> = { ...FILE_DEFAULTS, ...(await resolveParams(RED.util, node, msg, operation, config, overrides)), ...overrides };
			pacing!.started(String(values.phoneNumberId || accountNode.account.phoneNumberId));
			let summary = '';
			try {
				const onPacing = (info: PacingInfo) => (msg.pacing = info);
				// msg.idempotencyKey (and msg.idempotencyHours): a message sent under the key before is skipped, msg.idempotency says so.
				const option = idempotencyOption(msg.idempotencyKey, msg.idempotencyHours);
				if (option) msg.idempotency = { key: option.key, skipped: false };
				const once = option && { option, store: accountNode.idempotency, onSkipped: () => (msg.idempotency = { key: option.key, skipped: true }) };
				const context = { client: accountNode.client, account: accountNode.account, pacer: accountNode.pacer, conversations: accountNode.conversations, sleep: accountNode.sleep, onPacing, files: msgFiles(msg, RED.util), once };
				if (waiter) {
					await waiter.ask(operation, values, msg, context);
					return null;
				}
				const output = await runOperation(operation, values, context);
				applyOutput(msg, output, String(values.outputProperty), RED.util);
				summary = statusText(operation.operation, output);
			} finally {
				if (pacing!.finished()) {
					if (summary) node.status({ fill: 'green', shape: 'dot', text: summary });
					else waiter?.showWaiting();
				}
			}
			return msg;
		}
	}
	RED.nodes.registerType('whatsapp-platform-send', WhatsAppPlatformSend);
}
