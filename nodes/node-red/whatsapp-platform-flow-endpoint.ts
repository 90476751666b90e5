import { randomUUID } from 'node:crypto';
import { endpointKeysOf, FLOW_REQUEST_MAX_BYTES, FLOW_TIME_LIMIT_MS, FLOW_STATUS, FlowAnswerOnce, receiveFlowRequest, type FlowAnswer } from '../shared/flows';
import { redact } from '../shared/secrets';
import { SIGNATURE_HEADER } from '../shared/webhook';
import type { AccountNode } from './account';
import { holdRequest, releaseRequest } from './flowRequests';
import { captureRawBodies, rawBody, removeRoutes, type HttpNodeApp, type RouteRequest, type RouteResponse } from './httpRoutes';
import type { Node, RED } from './red';

interface FlowEndpointConfig {
	name?: string;
	account: string;
	path: string;
	/** Seconds the flow has to answer (FLOW_TIME_LIMIT_MS when empty). */
	timeLimitSeconds?: string | number;
}

type RedWithHttp = RED & { httpNode: HttpNodeApp; settings: { httpNodeRoot?: string | false; httpNodeAuth?: unknown } };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export default function register(RED: RedWithHttp) {
	function WhatsAppPlatformFlowEndpoint(this: Node, config: FlowEndpointConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		const accountNode = RED.nodes.getNode(config.account) as AccountNode | null;
		const path = '/' + String(config.path ?? '').replace(/^\/+/, '');
		if (RED.settings.httpNodeRoot === false) {
			node.warn('HTTP nodes are disabled (httpNodeRoot is false): this Flow endpoint cannot listen');
			return;
		}
		if (!accountNode) {
			node.status({ fill: 'red', shape: 'ring', text: 'no account' });
			node.error('No WhatsApp account: select or add a whatsapp-platform-config node.');
			return;
		}
		if (RED.settings.httpNodeAuth) node.warn('httpNodeAuth puts Basic Auth on every HTTP node route, and WhatsApp cannot send it: remove httpNodeAuth from settings.js or every request will fail with 401');
		const keys = endpointKeysOf(accountNode.account);
		if (keys.privateKey instanceof Error) node.warn(`every request will be answered 500: ${keys.privateKey.message}`);
		if (!keys.appSecret) node.warn('The account has no App Secret: every request will be refused with 432');
		const seconds = Number(config.timeLimitSeconds);
		const timeLimitMs = seconds > 0 ? Math.min(seconds, 9) * 1000 : FLOW_TIME_LIMIT_MS;
		const log = (message: string) => node.warn(redact(message, accountNode.secrets));
		const write = (res: RouteResponse, answer: FlowAnswer) => res.status(answer.status).type('text/plain').send(answer.body);

		function onRequest(req: RouteRequest, res: RouteResponse) {
			let received: ReturnType<typeof receiveFlowRequest>;
			try {
				received = receiveFlowRequest(req.rawBody ?? Buffer.alloc(0), req.headers[SIGNATURE_HEADER], keys);
			} catch (error) {
				write(res, { status: FLOW_STATUS.error, body: '' });
				log(`could not answer a request: ${(error as Error).message}`);
				return;
			}
			if (received.kind === 'answered') {
				write(res, received.answer);
				if (received.log) log(received.log);
				return;
			}
			const id = randomUUID();
			const once = new FlowAnswerOnce({
				timeLimitMs,
				sleep,
				log,
				write: (answer) => {
					releaseRequest(id);
					write(res, answer);
				},
			});
			holdRequest(id, { once, session: received.session, flowToken: received.request.flowToken });
			node.send({ payload: received.request, topic: received.request.action, flowRequestId: id });
		}

		const root = String(RED.settings.httpNodeRoot ?? '/').replace(/\/+$/, '');
		const tooLarge = (bytes: number) => log(`refused a request of ${bytes}+ bytes (over ${FLOW_REQUEST_MAX_BYTES}) with 413`);
		const releaseCapture = captureRawBodies(RED.httpNode, root + path, FLOW_REQUEST_MAX_BYTES, tooLarge);
		RED.httpNode.post(path, rawBody(FLOW_REQUEST_MAX_BYTES, tooLarge), onRequest);
		node.status({ fill: keys.privateKey instanceof Error ? 'red' : 'green', shape: 'dot', text: keys.privateKey instanceof Error ? `${path}: no Flow key` : path });

		node.on('close', (_removed, done) => {
			removeRoutes(RED.httpNode, path, ['post']);
			releaseCapture();
			done();
		});
	}
	RED.nodes.registerType('whatsapp-platform-flow-endpoint', WhatsAppPlatformFlowEndpoint);
}
