import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { GraphError } from './graphError';
import { groupStatus } from './groupWebhooks';
import type { GraphEmulator } from './server';
import type { SentMessage } from './state';

type Json = Record<string, unknown>;

/**
 * JSON as Meta puts it on the wire: compact, non-ASCII as lowercase `\uXXXX` (Meta's Messenger
 * Platform webhooks page, "Validate payloads"). Meta's current pages are silent on astral characters
 * and `/`; we choose the strictest reading: every UTF-16 code unit escaped (surrogate pairs) and `/`
 * as `\/`. Written apart from the package's code on purpose: it is the oracle the receiver is tested with.
 */
export function metaJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
		.replace(/\//g, '\\/');
}

/** `sha256=<hex>`: HMAC-SHA256 of exactly these bytes with the app secret. */
export function metaSignature(body: Buffer, appSecret: string): string {
	return 'sha256=' + createHmac('sha256', appSecret).update(body).digest('hex');
}

export interface Delivery {
	url: string;
	body: Buffer;
	signature: string;
	/** The HTTP status of each attempt (0: no answer). */
	attempts: number[];
	/** Why an attempt got no answer (connection errors, timeouts), for test failure messages. */
	failures: string[];
	delivered: boolean;
}

export interface WebhookOptions {
	/** Waits between attempts when the callback does not answer 200; bounded, quick in tests. */
	retryDelaysMs: number[];
	/** Statuses POSTed after each accepted send, in order. */
	statusesAfterSend: Array<'sent' | 'delivered' | 'read'>;
	/** How long one attempt may take before it counts as failed (Meta: about 20 s). */
	timeoutMs: number;
}

/** A user message in the shape of Meta's messages webhook reference (type-specific content under its type key). */
export interface InboundMessage {
	from?: string;
	type: string;
	content?: Json | Json[];
	name?: string;
	phoneNumberId?: string;
	id?: string;
	/** Reply to this message id (`context`). */
	replyTo?: string;
	timestamp?: number;
}

const CUSTOMER = '16505551234';

const defaultOptions = (): WebhookOptions => ({ retryDelaysMs: [50, 150, 400], statusesAfterSend: ['sent', 'delivered', 'read'], timeoutMs: 20_000 });

/** The emulated platform's webhook side: signed deliveries, retries, handshakes, scripted events. */
export class WebhookDelivery {
	readonly deliveries: Delivery[] = [];
	readonly options: WebhookOptions = defaultOptions();
	private readonly pending = new Set<Promise<unknown>>();
	private readonly failures = new Map<string, Json>();

	constructor(private readonly emulator: GraphEmulator) {}

	/** Forgets past deliveries, scripted failures and changed options (not deliveries under way). */
	reset() {
		this.deliveries.length = 0;
		this.failures.clear();
		Object.assign(this.options, defaultOptions());
	}

	/** Where events go: the WABA's override callback if one is set, else the app's callback URL. */
	get target(): string | undefined {
		const override = this.emulator.state.subscriptions.find((s) => s.overrideCallbackUri)?.overrideCallbackUri;
		return override || this.emulator.options.callbackUrl;
	}

	/**
	 * The GET handshake Meta sends when a callback URL or override is set. Throws Graph's
	 * 2200 "Callback verification failed" unless the callback echoes the challenge with 200.
	 */
	async verifyCallback(uri: string, verifyToken: string): Promise<void> {
		const challenge = String(randomInt(1_000_000_000, 2_000_000_000));
		const url = new URL(uri);
		url.searchParams.set('hub.mode', 'subscribe');
		url.searchParams.set('hub.challenge', challenge);
		url.searchParams.set('hub.verify_token', verifyToken);
		let status = 0;
		let body = '';
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
			status = response.status;
			body = await response.text();
		} catch (error) {
			body = String(error);
		}
		if (status !== 200 || body !== challenge) {
			const why = status === 200 ? 'The response did not match the challenge' : `HTTP Status Code = ${status}`;
			throw new GraphError(2200, 'Callback verification failed with the following errors: ' + why, undefined, 400);
		}
	}

	/**
	 * POSTs one signed delivery of these changes (one entry per change) and its duplicates, to the
	 * callback (or to `url`, as an app's other callback would get it).
	 */
	send(changes: Array<{ field: string; value: Json }>, copies = 1, url?: string): Promise<Delivery[]> {
		const body = { object: 'whatsapp_business_account', entry: changes.map((change) => this.entry(change)) };
		return this.post(body, copies, url);
	}

	/** POSTs a body as given (already an envelope), signed, for tests that need exact shapes. */
	post(body: unknown, copies = 1, url?: string): Promise<Delivery[]> {
		const task = Promise.all(Array.from({ length: copies }, () => this.deliver(Buffer.from(metaJson(body), 'utf8'), url)));
		return this.track(task);
	}

	/**
	 * POSTs these changes once the current HTTP answer went out, as Meta's asynchronous results
	 * (group webhooks) follow their request; nothing when no callback is set.
	 */
	sendAfterAnswer(changes: Array<{ field: string; value: Json }>) {
		if (!this.target) return;
		void this.track(
			(async () => {
				await new Promise((resolve) => setImmediate(resolve));
				await this.send(changes);
			})(),
		);
	}

	/** As sendAfterAnswer, several deliveries one after the other (a call's connect, then its statuses). */
	sendSequenceAfterAnswer(deliveries: Array<Array<{ field: string; value: Json }>>) {
		if (!this.target) return;
		void this.track(
			(async () => {
				await new Promise((resolve) => setImmediate(resolve));
				for (const changes of deliveries) await this.send(changes);
			})(),
		);
	}

	/** Waits until every delivery started so far (statuses after sends included) has ended. */
	async idle(): Promise<void> {
		while (this.pending.size) await Promise.allSettled([...this.pending]);
	}

	/** The next send to this user gets a `failed` status with this error instead of sent/delivered/read. */
	failNextSendTo(waId: string, error: Json = { code: 131026, title: 'Message undeliverable' }) {
		this.failures.set(waId, error);
	}

	// --- builders for the `value` of each field -------------------------------------------

	/** `messages` with one or more user messages. */
	inbound(messages: InboundMessage[]): { field: string; value: Json } {
		const phoneNumberId = messages[0]?.phoneNumberId;
		const contacts = new Map<string, Json>();
		const items = messages.map((m) => {
			const from = m.from ?? CUSTOMER;
			contacts.set(from, { profile: { name: m.name ?? 'Sheena Nelson' }, wa_id: from });
			return {
				...(m.replyTo ? { context: { from: this.displayNumber(phoneNumberId), id: m.replyTo } } : {}),
				from,
				id: m.id ?? this.emulator.state.newMessageId(),
				timestamp: String(m.timestamp ?? this.seconds()),
				type: m.type,
				...(m.content ? { [m.type]: m.content } : {}),
			};
		});
		return this.messagesChange(phoneNumberId, { contacts: [...contacts.values()], messages: items });
	}

	/** `messages` with a status of a message the business sent. */
	status(message: Pick<SentMessage, 'id' | 'phoneNumberId' | 'to'> & { body?: Json }, status: string, error?: Json) {
		const tracking = message.body?.biz_opaque_callback_data;
		const category = message.body?.type === 'template' ? 'marketing' : 'service';
		const item: Json = {
			id: message.id,
			status,
			timestamp: String(this.seconds()),
			recipient_id: message.to,
			...(typeof tracking === 'string' ? { biz_opaque_callback_data: tracking } : {}),
			...(status === 'failed'
				? { errors: [{ ...error, message: error?.title, error_data: { details: String(error?.title) }, href: '/documentation/business-messaging/whatsapp/support/error-codes' }] }
				: status !== 'read'
					? { pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category } }
					: {}),
		};
		return this.messagesChange(message.phoneNumberId, {
			...(status === 'failed' ? {} : { contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: message.to }] }),
			statuses: [item],
		});
	}

	/**
	 * A file a user sends: stored as the platform stores inbound media (downloadable through
	 * GET /{media-id} and its URL), returned as the message content of that type.
	 */
	inboundMedia(bytes: Buffer, mimeType: string, extra: Json = {}, phoneNumberId = [...this.emulator.state.phoneNumbers.keys()][0]): Json {
		const id = newMediaId();
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		this.emulator.state.media.set(id, { id, phoneNumberId, mimeType, bytes, sha256, uploadedAt: this.emulator.clock.now() });
		return { mime_type: mimeType, sha256: createHash('sha256').update(bytes).digest('base64'), id, ...extra };
	}

	templateStatus(templateId: string, event: string, reason = 'NONE') {
		const template = this.emulator.state.templates.get(templateId);
		return {
			field: 'message_template_status_update',
			value: {
				event,
				message_template_id: Number(templateId),
				message_template_name: template?.name ?? 'unknown',
				message_template_language: template?.language ?? 'en_US',
				reason,
				message_template_category: template?.category ?? 'UTILITY',
			},
		};
	}

	templateQuality(templateId: string, previous: string, next: string) {
		const template = this.emulator.state.templates.get(templateId);
		return {
			field: 'message_template_quality_update',
			value: {
				previous_quality_score: previous,
				new_quality_score: next,
				message_template_id: Number(templateId),
				message_template_name: template?.name ?? 'unknown',
				message_template_language: template?.language ?? 'en_US',
			},
		};
	}

	phoneNumberQuality(phoneNumberId: string, event: string, limit = 'TIER_2K') {
		return {
			field: 'phone_number_quality_update',
			value: { display_phone_number: this.displayNumber(phoneNumberId), event, current_limit: limit },
		};
	}

	// --- internals ------------------------------------------------------------------------

	/** Wired to `hooks.messageAccepted`: the statuses a real send produces, in order. */
	afterSend(message: SentMessage) {
		const failure = this.failures.get(message.to);
		this.failures.delete(message.to);
		// Analytics count a failed message as sent, not delivered, whether or not a callback listens.
		if (failure) message.failed = true;
		if (!this.target) return;
		const statuses: string[] = failure ? ['failed'] : [...this.options.statusesAfterSend];
		const task = (async () => {
			// Meta answers the send first; its statuses follow.
			await new Promise((resolve) => setImmediate(resolve));
			const group = message.body.recipient_type === 'group' ? this.emulator.state.groups.groups.get(message.to) : undefined;
			for (const status of statuses) {
				if (!group) await this.send([this.status(message, status, failure)]);
				// A pin only ever gets `sent` (Meta's Group messaging page).
				else if (status === 'sent' || status === 'failed' || message.type !== 'pin')
					await this.send([groupStatus(this.status(message, status, failure), message, status, group.participants.map((p) => p.wa_id))]);
			}
			// The test user's automatic answer, if on, follows the statuses of a message that reached them.
			const answer = failure ? undefined : this.emulator.replies.automatic(message);
			if (answer) await this.send([answer]);
		})();
		void this.track(task);
	}

	private async deliver(body: Buffer, to?: string): Promise<Delivery> {
		const url = to ?? this.target;
		if (!url) throw new Error('No webhook target: set options.callbackUrl or a WABA override_callback_uri');
		const delivery: Delivery = { url, body, signature: metaSignature(body, this.emulator.options.appSecret), attempts: [], failures: [], delivered: false };
		this.deliveries.push(delivery);
		for (let attempt = 0; attempt <= this.options.retryDelaysMs.length; attempt++) {
			if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.options.retryDelaysMs[attempt - 1]));
			let status = 0;
			try {
				const response = await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'x-hub-signature-256': delivery.signature, 'user-agent': 'facebookexternalua' },
					body: new Uint8Array(body),
					signal: AbortSignal.timeout(this.options.timeoutMs),
				});
				status = response.status;
				await response.arrayBuffer();
			} catch (error) {
				status = 0;
				const cause = (error as { cause?: { code?: string; message?: string } }).cause;
				delivery.failures.push(`${(error as Error).message}${cause ? `: ${cause.code ?? ''} ${cause.message ?? ''}` : ''}`);
			}
			delivery.attempts.push(status);
			if (status === 200) {
				delivery.delivered = true;
				break;
			}
		}
		return delivery;
	}

	private track<T>(task: Promise<T>): Promise<T> {
		this.pending.add(task);
		void task.catch(() => undefined).finally(() => this.pending.delete(task));
		return task;
	}

	private entry(change: { field: string; value: Json }) {
		const base = { id: this.emulator.state.wabaId, changes: [change] };
		// Entries of fields other than `messages` carry `time`.
		return change.field === 'messages' ? base : { ...base, time: this.seconds() };
	}

	private messagesChange(phoneNumberId: string | undefined, rest: Json) {
		const id = phoneNumberId ?? [...this.emulator.state.phoneNumbers.keys()][0];
		return {
			field: 'messages',
			value: { messaging_product: 'whatsapp', metadata: { display_phone_number: this.displayNumber(id), phone_number_id: id }, ...rest },
		};
	}

	private displayNumber(phoneNumberId: string | undefined) {
		const id = phoneNumberId ?? [...this.emulator.state.phoneNumbers.keys()][0];
		return this.emulator.state.phoneNumbers.get(id)?.display_phone_number ?? '15550783881';
	}

	private seconds() {
		return Math.floor(this.emulator.clock.now() / 1000);
	}
}

/** A fresh media id as Meta issues them for inbound media. */
const newMediaId = () => String(1_000_000_000_000_000n + BigInt('0x' + randomBytes(6).toString('hex')));

/**
 * Wires the webhook side into the emulator: statuses after each accepted send, and the control
 * route `POST /__emulator/webhooks/inbound` for scripted events from outside the process:
 * `{ "messages": InboundMessage[] }`, `{ "changes": [{field, value}] }` or `{ "body": envelope }`,
 * with an optional `"copies"` for duplicates. Answers once every copy was delivered or gave up.
 */
export function registerWebhooks(emulator: GraphEmulator) {
	emulator.hooks.messageAccepted = (message) => emulator.webhooks.afterSend(message);
	emulator.controlRoute('POST', /^\/__emulator\/webhooks\/inbound$/, async (_match, req) => {
		const request = (req.body ?? {}) as { messages?: InboundMessage[]; changes?: Array<{ field: string; value: Json }>; body?: unknown; copies?: number };
		const copies = Math.min(Math.max(1, Number(request.copies ?? 1)), 100);
		let deliveries: Delivery[];
		if (request.body !== undefined) deliveries = await emulator.webhooks.post(request.body, copies);
		else if (request.changes) deliveries = await emulator.webhooks.send(request.changes, copies);
		else if (request.messages) deliveries = await emulator.webhooks.send([emulator.webhooks.inbound(request.messages)], copies);
		else throw new GraphError(100, 'Invalid parameter', 'Give messages, changes or body.');
		return { deliveries: deliveries.map((d) => ({ url: d.url, attempts: d.attempts, delivered: d.delivered })) };
	});
}
