import { inboundMedia } from '../shared/account/media';
import { feedCampaign } from '../shared/campaign/feed';
import { eventsToStart, observeWindows, sortReplies } from '../shared/conversation';
import { noteSentMessages } from '../shared/scale/statusFeed';
import { sharedDeduplicatorFor } from '../shared/scale/stores';
import { redact } from '../shared/secrets';
import { Deduplicator, dedupWindowMs, eventFilter, MAX_WEBHOOK_BYTES, SIGNATURE_HEADER, unwatchTemplateReviews, watchTemplateReviews, WebhookReceiver, type WebhookEvent } from '../shared/webhook';
import type { AccountNode } from './account';
import { handOver } from './conversation';
import { captureRawBodies, rawBody, removeRoutes, type HttpNodeApp, type RouteRequest, type RouteResponse } from './httpRoutes';
import type { Node, NodeMessage, RED } from './red';

interface WebhookConfig {
	name?: string;
	account: string;
	path: string;
	/** Comma-separated lists; empty (or absent, in flows saved before the field existed) keeps everything. */
	fields?: string;
	/** Event kinds (EVENT_KINDS): message, status, call_connect, group_participants, … */
	events?: string;
	statuses?: string;
	phoneNumberIds?: string;
	dedupWindowMinutes?: string | number;
	/** Download inbound media into msg.media ({ data: Buffer, mimeType, fileName }). */
	downloadMedia?: boolean;
	/** Campaign safety: stop keywords (comma-separated) and the reply to them; absent in flows saved before: the defaults. */
	stopKeywords?: string;
	stopConfirmation?: string;
	/** Also output the replies a send node waits for (they go to that node either way). */
	startOnReplies?: boolean;
}

type RedWithHttp = RED & { httpNode: HttpNodeApp; settings: { httpNodeRoot?: string | false; httpNodeAuth?: unknown } };

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
		const receiver = new WebhookReceiver({
			appSecret,
			verifyToken,
			filter: eventFilter(config),
			dedup: new Deduplicator({ windowMs: dedupWindowMs(config.dedupWindowMinutes), now: () => Date.now() }),
			now: () => Date.now(),
		});

		const acrossInstances = sharedDeduplicatorFor(accountNode.account, node.id, dedupWindowMs(config.dedupWindowMinutes), (message) => node.warn(redact(message, accountNode.secrets)));

		function answer(res: RouteResponse, status: number, body: string) {
			res.status(status).type('text/plain').send(redact(body, accountNode!.secrets));
		}

		function onHandshake(req: RouteRequest, res: RouteResponse) {
			const result = receiver.handshake(req.query);
			answer(res, result.status, result.body);
		}

		function onDelivery(req: RouteRequest, res: RouteResponse) {
			let events: WebhookEvent[];
			let received: WebhookEvent[];
			try {
				const result = receiver.receive(req.rawBody ?? Buffer.alloc(0), req.headers[SIGNATURE_HEADER]);
				// Answer at once, before the flow's work: Meta retries anything slow or not 200.
				answer(res, result.status, result.body);
				if (result.status !== 200) node.warn(`refused a webhook delivery: ${result.status} ${result.body}`);
				events = result.events;
				received = result.received ?? [];
			} catch (error) {
				answer(res, 500, 'Internal Server Error');
				node.error(redact(`webhook delivery failed: ${(error as Error).message}`, accountNode!.secrets));
				return;
			}
			// Opt-outs, quality, template states and campaign statuses reach the guard whatever the filter passes.
			const { client, account, pacer } = accountNode!;
			void feedCampaign({ client, account, pacer }, received, config, (message) => node.warn(redact(message, accountNode!.secrets)))
				.then(() => noteSentMessages(accountNode!.idempotency, received))
				// With Redis, a delivery another instance behind the same load balancer ran is not run again.
				.then(() => (acrossInstances ? acrossInstances.filter(events) : events))
				.then(answerQuestions)
				.then(emit, (error: Error) => node.error(redact(`webhook delivery failed: ${error.message}`, accountNode!.secrets)));
		}

		/**
		 * Each user heard refreshes their 24-hour window; a reply a send node waits for goes to that
		 * node. The events to output: by default not those replies.
		 */
		async function answerQuestions(events: WebhookEvent[]): Promise<WebhookEvent[]> {
			const store = accountNode!.conversations;
			const warn = (message: string) => node.warn(redact(message, accountNode!.secrets));
			await observeWindows(events, store, Date.now()).catch((error: Error) => warn(`could not record the users' 24-hour windows: ${error.message}`));
			const sorted = await sortReplies(events, store, (error) => warn(`could not match the replies: ${error.message}`));
			for (const settlement of sorted.settlements) if (settlement.group.host === 'node-red') handOver(RED, settlement);
			return eventsToStart(events, sorted, config.startOnReplies === true);
		}

		/** One message per event, in order; media downloaded first when asked (URLs expire in minutes). */
		async function emit(events: WebhookEvent[]) {
			for (const { change, ...event } of events) {
				const msg: NodeMessage = { payload: event, topic: event.kind, change };
				if (config.downloadMedia) {
					const { file, mediaError } = await inboundMedia(accountNode!, event);
					if (file) msg.media = { ...file, data: Buffer.from(file.data) };
					if (mediaError) msg.mediaError = mediaError;
				}
				node.send(msg);
			}
		}

		const root = String(RED.settings.httpNodeRoot ?? '/').replace(/\/+$/, '');
		const releaseCapture = captureRawBodies(RED.httpNode, root + path, MAX_WEBHOOK_BYTES);
		RED.httpNode.get(path, onHandshake);
		RED.httpNode.post(path, rawBody(MAX_WEBHOOK_BYTES), onDelivery);
		node.status({ fill: 'green', shape: 'dot', text: path });
		// While it listens, a template review it receives ends a manage node's Create or Update waiting for it.
		watchTemplateReviews(node.id, accountNode.account.wabaId);

		node.on('close', (_removed, done) => {
			unwatchTemplateReviews(node.id);
			removeRoutes(RED.httpNode, path, ['get', 'post']);
			releaseCapture();
			done();
		});
	}
	RED.nodes.registerType('whatsapp-platform-webhook', WhatsAppPlatformWebhook);
}
