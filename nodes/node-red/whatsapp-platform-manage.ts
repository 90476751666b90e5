import { findOperation } from '../shared/catalog';
import type { PacingInfo } from '../shared/pacing/pacer';
import { runOperation } from '../shared/run';
import type { AccountNode } from './account';
import { msgFiles } from './files';
import { overridesFrom } from './overrides';
import { onInput } from './input';
import { resolveParams, type FormConfig } from './params';
import type { Node, NodeMessage, RED } from './red';

interface ManageConfig extends FormConfig {
	name?: string;
	account: string;
	resource?: string;
	operation?: string;
	/** Lists and reports: one message per record or data point instead of one message with the array. */
	split?: boolean;
}

/** One message per element, with msg.parts so that a Join node can put the list back together. */
function splitMessages(msg: NodeMessage, records: unknown[]): NodeMessage[] {
	const id = `${msg._msgid ?? 'whatsapp'}-${Math.random().toString(16).slice(2)}`;
	return records.map((record, index) => ({ ...msg, payload: record, parts: { id, index, count: records.length, type: 'array' } }));
}

export default function register(RED: RED) {
	function WhatsAppPlatformManage(this: Node, config: ManageConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		const accountNode = RED.nodes.getNode(config.account) as AccountNode | null;
		const operation = findOperation(config.resource || 'template', config.operation || 'getMany');

		onInput(node, () => accountNode?.secrets ?? [], handle);

		async function handle(msg: NodeMessage): Promise<NodeMessage | NodeMessage[][]> {
			if (!accountNode) throw new Error('No WhatsApp account: select or add a whatsapp-platform-config node.');
			if (!operation) throw new Error(`Unknown operation "${config.resource}.${config.operation}"`);
			node.status({ fill: 'blue', shape: 'dot', text: operation.label.toLowerCase() });
			// msg.payload's overrides win over the form, a field read from the message included.
			const values = { ...(await resolveParams(RED.util, node, msg, operation, config)), ...overridesFrom(msg.payload, operation) };
			const onPacing = (info: PacingInfo) => (msg.pacing = info);
			const output = await runOperation(operation, values, {
				client: accountNode.client,
				account: accountNode.account,
				pacer: accountNode.pacer,
				onPacing,
				// Group > Update reads its picture from the msg, as the send node reads media.
				files: msgFiles(msg, RED.util),
				// Template > Create and Update wait for the review with it.
				sleep: accountNode.sleep,
			});
			const count = Array.isArray(output) ? `${output.length} item${output.length === 1 ? '' : 's'}` : 'done';
			node.status({ fill: 'green', shape: 'dot', text: count });
			if (Array.isArray(output) && config.split) return [splitMessages(msg, output)];
			msg.payload = output;
			return msg;
		}
	}
	RED.nodes.registerType('whatsapp-platform-manage', WhatsAppPlatformManage);
}
