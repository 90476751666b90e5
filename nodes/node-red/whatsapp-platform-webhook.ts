import { redact } from '../shared/secrets';
import { DEFAULT_DEDUP_WINDOW_MS, Deduplicator, MAX_WEBHOOK_BYTES, WebhookReceiver, type WebhookEvent } from '../shared/webhook';
import type { AccountNode } from './account';
import { rawBody, removeRoutes, type HttpNodeApp, type RouteRequest, type RouteResponse } from './httpRoutes';
import type { Node, RED } from './red';

interface WebhookConfig {
	name?: string;
	account: string;
	path: string;
	/** Comma-separated lists; empty keeps everything. */
	fields?: string;
	statuses?: string;
	phoneNumberIds?: string;
	dedupWindowMinutes?: string | number;
}

type RedWithHttp = RED & { httpNode: HttpNodeApp; settings: { httpNodeRoot?: string | false; httpNodeAuth?: unknown } };

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

export default function register(RED: RedWithHttp) {
	function WhatsAppPlatformWebhook(this: Node, config: WebhookConfig) {
		RED.nodes.createNode(this, config);
		const node = this;
		const accountNode = RED.nodes.getNode(config.account) as AccountNode | null;
		const path = '/' + String(config.path ?? '').replace(/^\/+/, '');
		if (RED.settings.httpNodeRoot === false) {
			node.warn('HTTP nodes are disabled (httpNodeRoot is false): this webhook cannot listen');
			return;
		}
		if (!accountNode) {
			node.status({ fill: 'red', shape: 'ring', text: 'no account' });
			node.error('No WhatsApp account: select or add a whatsapp-platform-config node.');
			return;
		}
		if (RED.settings.httpNodeAuth) {
			node.warn('httpNodeAuth puts Basic Auth on every HTTP node route, and Meta cannot send it: remove httpNodeAuth from settings.js or deliveries to this webhook will fail with 401');
		}
		const { appSecret, verifyToken } = accountNode.account;
		if (!appSecret || !verifyToken) node.warn('The account has no App Secret or no Verify Token: every delivery or handshake will be refused');
		const windowMinutes = config.dedupWindowMinutes === '' || config.dedupWindowMinutes === undefined ? DEFAULT_DEDUP_WINDOW_MS / 60_000 : Number(config.dedupWindowMinutes);
		const receiver = new WebhookReceiver({
			appSecret,
			verifyToken,
			filter: { fields: list(config.fields), statuses: list(config.statuses), phoneNumberIds: list(config.phoneNumberIds) },
			dedup: new Deduplicator({ windowMs: Math.max(0, windowMinutes) * 60_000, now: () => Date.now() }),
			now: () => Date.now(),
		});

		function answer(res: RouteResponse, status: number, body: string) {
			res.status(status).type('text/plain').send(redact(body, accountNode!.secrets));
		}

		function onHandshake(req: RouteRequest, res: RouteResponse) {
			const result = receiver.handshake(req.query);
			answer(res, result.status, result.body);
		}

		function onDelivery(req: RouteRequest, res: RouteResponse) {
			let events: WebhookEvent[];
			try {
				const result = receiver.receive(req.rawBody ?? Buffer.alloc(0), req.headers['x-hub-signature-256']);
				// Answer at once, before the flow's work: Meta retries anything slow or not 200.
				answer(res, result.status, result.body);
				if (result.status !== 200) node.warn(`refused a webhook delivery: ${result.status} ${result.body}`);
				events = result.events;
			} catch (error) {
				answer(res, 500, 'Internal Server Error');
				node.error(redact(`webhook delivery failed: ${(error as Error).message}`, accountNode!.secrets));
				return;
			}
			for (const { change, ...event } of events) node.send({ payload: event, topic: event.kind, change });
		}

		RED.httpNode.get(path, onHandshake);
		RED.httpNode.post(path, rawBody(MAX_WEBHOOK_BYTES), onDelivery);
		node.status({ fill: 'green', shape: 'dot', text: path });

		node.on('close', (_removed, done) => {
			removeRoutes(RED.httpNode, path, ['get', 'post']);
			done();
		});
	}
	RED.nodes.registerType('whatsapp-platform-webhook', WhatsAppPlatformWebhook);
}
