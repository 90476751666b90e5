import { GraphApiError, ValidationError } from '../shared/graph/errors';
import { redact, redactError } from '../shared/secrets';
import type { Node, NodeMessage } from './red';

/** What leaves the node: a message, messages per output, or nothing (a message that waits for its answer). */
type Output = NodeMessage | NodeMessage[][] | null;

/**
 * The one path of every action node's input: run the handler, send what it returns, or hand the
 * error to Catch nodes through done(err), with the Graph code in msg.whatsappError, the status
 * set and every secret of the account removed.
 */
export function onInput(node: Node, secrets: () => string[], handle: (msg: NodeMessage) => Promise<Output>) {
	node.on('input', (msg, send, done) => {
		void handle(msg).then(
			(out) => {
				send(out as NodeMessage);
				done();
			},
			(error) => {
				const known = secrets();
				redactError(error, known);
				if (error instanceof GraphApiError) msg.whatsappError = error.toJSON();
				const text = error instanceof GraphApiError ? `error ${error.code}` : error instanceof ValidationError ? `invalid ${error.field}` : 'error';
				node.status({ fill: 'red', shape: 'ring', text });
				done(error instanceof Error ? error : new Error(redact(String(error), known)));
			},
		);
	});
}
