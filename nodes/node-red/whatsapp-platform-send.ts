import { findOperation, operationsOf } from '../shared/catalog';
import { describeCatalog } from '../shared/catalog/describe';
import { GraphApiError, ValidationError } from '../shared/graph/errors';
import { runOperation } from '../shared/run';
import { redact, redactError } from '../shared/secrets';
import type { Node, NodeMessage, RED } from './red';
import type { AccountNode } from './account';
import { overridesFrom } from './overrides';

interface SendConfig {
	name?: string;
	account: string;
	operation?: string;
	params?: Record<string, unknown>;
}

export default function register(RED: RED) {
	function WhatsAppPlatformSend(this: Node, config: SendConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		const accountNode = RED.nodes.getNode(config.account) as AccountNode | null;
		const operation = findOperation('message', config.operation || 'sendText');

		node.on('input', (msg, send, done) => {
			void handle(msg).then(
				(out) => {
					send(out);
					done();
				},
				(error) => fail(msg, error, done),
			);
		});

		async function handle(msg: NodeMessage): Promise<NodeMessage> {
			if (!accountNode) throw new Error('No WhatsApp account: select or add a whatsapp-platform-config node.');
			if (!operation) throw new Error(`Unknown operation "${config.operation}"`);
			node.status({ fill: 'blue', shape: 'dot', text: 'sending' });
			const values = { ...(config.params ?? {}), ...overridesFrom(msg.payload, operation) };
			msg.payload = await runOperation(operation, values, { client: accountNode.client, account: accountNode.account });
			node.status({ fill: 'green', shape: 'dot', text: 'sent' });
			return msg;
		}

		function fail(msg: NodeMessage, error: unknown, done: (err?: Error) => void) {
			const secrets = accountNode?.secrets ?? [];
			redactError(error, secrets);
			if (error instanceof GraphApiError) msg.whatsappError = error.toJSON();
			const text = error instanceof GraphApiError ? `error ${error.code}` : error instanceof ValidationError ? 'invalid input' : 'error';
			node.status({ fill: 'red', shape: 'ring', text });
			done(error instanceof Error ? error : new Error(redact(String(error), secrets)));
		}
	}
	RED.nodes.registerType('whatsapp-platform-send', WhatsAppPlatformSend);

	// The editor draws each operation's form from the same catalog the runtime validates with.
	RED.httpAdmin.get('/whatsapp-platform/catalog', RED.auth.needsPermission('whatsapp-platform-send.read'), (_req, res) => {
		res.json({ ...describeCatalog(), sendOperations: operationsOf('message').map((op) => op.operation) });
	});
}
