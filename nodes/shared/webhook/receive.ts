import { Deduplicator, DEFAULT_DEDUP_WINDOW_MS } from './dedup';
import type { WebhookEvent } from './event';
import { MalformedWebhookError, normalise, parseDelivery } from './events';
import { matchesFilter, type EventFilter } from './filter';
import { noteTemplateReviews } from './templateReviews';
import { checkHandshake, verifySignature } from './verify';

/** Meta's largest delivery is 3 MB (Meta's Webhooks overview); hosts read at most this. */
export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export interface WebhookAnswer {
	status: 200 | 400 | 401 | 403 | 413;
	/** Plain text: the challenge, or a short reason that names no secret. */
	body: string;
	/** What to start runs for: filtered and deduplicated. */
	events: WebhookEvent[];
	/** Every event of a verified delivery, before filter and deduplication: what the campaign guard learns from. */
	received?: WebhookEvent[];
}

export interface WebhookReceiverOptions {
	appSecret: string;
	verifyToken: string;
	filter?: EventFilter;
	/** 0 turns deduplication off. */
	dedupWindowMs?: number;
	dedupMaxEntries?: number;
	/** A deduplicator that outlives this receiver (hosts keep one per node across requests). */
	dedup?: Deduplicator;
	now: () => number;
}

/**
 * The one webhook path both hosts take: handshake, signature over the raw bytes, parsing,
 * splitting, filtering and deduplication. The hosts only move bytes and answers.
 */
export class WebhookReceiver {
	private readonly dedup: Deduplicator;

	constructor(private readonly options: WebhookReceiverOptions) {
		this.dedup = options.dedup ?? new Deduplicator({
			windowMs: options.dedupWindowMs ?? DEFAULT_DEDUP_WINDOW_MS,
			maxEntries: options.dedupMaxEntries,
			now: options.now,
		});
	}

	/** GET: the verification handshake. */
	handshake(query: Record<string, unknown>): WebhookAnswer {
		const result = checkHandshake(query, this.options.verifyToken);
		if (result.ok) return { status: 200, body: result.challenge, events: [] };
		const reason = this.options.verifyToken ? 'Forbidden' : 'Forbidden: no verify token is configured in the credential';
		return { status: 403, body: reason, events: [] };
	}

	/** POST: a delivery, with the `X-Hub-Signature-256` header as received. */
	receive(raw: Uint8Array, signature: string | string[] | undefined): WebhookAnswer {
		if (raw.byteLength > MAX_WEBHOOK_BYTES) return { status: 413, body: 'Payload Too Large', events: [] };
		if (!this.options.appSecret) return { status: 401, body: 'Unauthorized: no app secret is configured in the credential', events: [] };
		if (!verifySignature(raw, signature, this.options.appSecret)) {
			return { status: 401, body: signature ? 'Unauthorized: wrong signature' : 'Unauthorized: no X-Hub-Signature-256 header', events: [] };
		}
		let events: WebhookEvent[];
		try {
			events = normalise(parseDelivery(raw));
		} catch (error) {
			if (error instanceof MalformedWebhookError) return { status: 400, body: error.message, events: [] };
			throw error;
		}
		// A template's review, for a Create or Update of this process that waits for it, whatever this node's filters.
		noteTemplateReviews(events, this.options.now());
		const filter = this.options.filter ?? {};
		return { status: 200, body: 'OK', events: this.dedup.filter(events.filter((event) => matchesFilter(event, filter))), received: events };
	}
}
