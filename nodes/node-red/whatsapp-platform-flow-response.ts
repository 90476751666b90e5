import { answerFor, FLOW_STATUS, type FlowReply } from '../shared/flows';
import { releaseRequest, waitingRequest } from './flowRequests';
import type { Node, NodeMessage, RED } from './red';

interface FlowResponseConfig {
	name?: string;
	/** What msg.payload holds: Meta's answer object (json), the completion params (close), or a message (tokenNoLongerValid). */
	respondWith?: 'json' | 'close' | 'tokenNoLongerValid';
}

/** The reply msg.payload describes, as the node is set. */
function replyOf(msg: NodeMessage, respondWith: FlowResponseConfig['respondWith']): FlowReply {
	if (respondWith === 'close') return { respondWith, params: (msg.payload ?? undefined) as Record<string, unknown> | undefined };
	if (respondWith === 'tokenNoLongerValid') return { respondWith, message: typeof msg.payload === 'string' ? msg.payload : '' };
	return { respondWith: 'json', body: msg.payload };
}

export default function register(RED: RED) {
	function WhatsAppPlatformFlowResponse(this: Node, config: FlowResponseConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		node.on('input', (msg, _send, done) => {
			const id = typeof msg.flowRequestId === 'string' ? msg.flowRequestId : '';
			const request = waitingRequest(id);
			if (!request) {
				const why = id ? 'it was answered already, or its time limit passed' : 'msg.flowRequestId is missing: send the msg of a WhatsApp Flow endpoint node';
				node.status({ fill: 'yellow', shape: 'ring', text: 'no request waiting' });
				done(new Error(`No Flow request to answer: ${why}`));
				return;
			}
			let answer;
			try {
				answer = answerFor(replyOf(msg, config.respondWith ?? 'json'), request.flowToken, request.session);
			} catch (error) {
				request.once.answer({ status: FLOW_STATUS.error, body: '' });
				releaseRequest(id);
				node.status({ fill: 'red', shape: 'ring', text: 'invalid answer: 500' });
				done(error as Error);
				return;
			}
			node.status(request.once.answer(answer) ? { fill: 'green', shape: 'dot', text: String(answer.status) } : { fill: 'yellow', shape: 'ring', text: 'too late' });
			done();
		});
	}
	RED.nodes.registerType('whatsapp-platform-flow-response', WhatsAppPlatformFlowResponse);
}
