import { ValidationError } from '../graph/errors';

/** The longest Idempotency Key taken: longer is refused before sending. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 512;
/** How long an accepted key is kept by default: a week, time to finish any campaign. */
export const DEFAULT_IDEMPOTENCY_HOURS = 168;

/** What a key's record says when a send claims it. */
export type Claim =
	/** New (or this send's own, on a retry): it may go. */
	| { state: 'claimed' }
	/** Accepted before: the platform's answer then. */
	| { state: 'accepted'; answer: unknown }
	/** Claimed by a send that has not been answered: in flight elsewhere, or cut off when it may have arrived. */
	| ({ state: 'unsettled' } & Partial<PendingSend>);

/** What a claim as a request leaves records: to whom, and when (UNIX ms). */
export interface PendingSend {
	to: string;
	at: number;
}

/**
 * A send cut off before its answer is taken to have arrived when a status webhook of a message to
 * the same recipient, stamped between a little before its claim (Meta stamps in whole seconds, and
 * its clock and ours may differ) and a few minutes after, reached the store. Later messages to the
 * recipient are another send's: a `sent` status follows acceptance within seconds.
 */
export const STATUS_SLACK_MS = 2000;
export const STATUS_WINDOW_MS = 5 * 60_000;
/**
 * It is taken never to have arrived when, with no status of it, statuses of events a minute after
 * its claim have come: a request arrives within the Graph client's 30 s timeout or not at all, and
 * Meta reports a message it accepted (`sent`) within seconds. Meta's documents promise no order for
 * webhooks; the minute is our margin for it. An endpoint that failed Meta's deliveries meanwhile gets
 * them retried later, so a key whose status may be among those is not freed: keep the trigger up.
 */
export const LATER_STATUS_MS = 60_000;
/** Messages kept per recipient from the status webhooks: the latest ones. */
export const SENT_PER_RECIPIENT = 20;
/** How long they are kept: as long as a week's keys may wait for a run again. */
export const SENT_MEMORY_MS = 7 * 24 * 3_600_000;

/** What the status webhooks say of a key a send left claimed without its answer. */
export type Settlement =
	/** A status showed its message (or its answer was recorded meanwhile): skipped with it. */
	| { state: 'accepted'; answer: unknown }
	/** Its request never arrived (or the claim is gone): the key is free, look at it again. */
	| { state: 'free' }
	/** Not known yet: its status may be on its way. */
	| { state: 'unknown' };

/** Where accepted keys are kept: Redis (shared by every process), else this process's memory. */
export interface IdempotencyStore {
	/** `to`: the recipient, kept with the claim so that a send cut off may be settled from its status. */
	claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim>;
	/** What a claim of the key by a new send would find, without claiming it: undefined when it is free. */
	look(key: string): Promise<Exclude<Claim, { state: 'claimed' }> | undefined>;
	accepted(key: string, answer: unknown, ttlMs: number): Promise<void>;
	/** The send failed without reaching the platform: the key is free again. */
	release(key: string, owner: string): Promise<void>;
	/** A status webhook of a message: the platform accepted it (a message ID, to whom, when). */
	noteSent(recipient: string, messageId: string, at: number): Promise<void>;
	/**
	 * A key left claimed by a send cut off before its answer, settled from the status webhooks: a
	 * message to its recipient since its claim records it accepted with that message; statuses of
	 * later events and none of it free it (STATUS_WINDOW_MS, LATER_STATUS_MS).
	 */
	settle(key: string, pending: PendingSend, ttlMs: number): Promise<Settlement>;
}

/**
 * Whether the statuses noted show that a request claimed at `pending.at` never arrived: none of its
 * recipient's kept messages is stamped in its window, those kept reach back before its claim (none
 * was dropped from the window), and a status a minute after it came.
 */
export function neverArrived(pending: PendingSend, recipientStamps: number[], latestStamp: number): boolean {
	const from = pending.at - STATUS_SLACK_MS;
	if (recipientStamps.some((at) => at >= from && at <= pending.at + STATUS_WINDOW_MS)) return false;
	if (recipientStamps.length >= SENT_PER_RECIPIENT && Math.min(...recipientStamps) >= from) return false;
	return latestStamp >= pending.at + LATER_STATUS_MS;
}

/** A recipient as status webhooks name it (`recipient_id`): a phone number's digits, a group ID as it is. */
export function recipientOf(to: string): string {
	return /^\+?[\d\s().-]+$/.test(to) ? to.replace(/\D/g, '') : to;
}

/** The answer a send would have had, for a key settled from a status webhook. */
export const settledAnswer = (pending: PendingSend, messageId: string) => ({
	messaging_product: 'whatsapp',
	contacts: [{ input: pending.to, wa_id: recipientOf(pending.to) }],
	messages: [{ id: messageId }],
	settledFrom: 'status webhook',
});

/** The item's key and how long to keep it, as the node's fields give them; checked before any request. */
export interface IdempotencyOption {
	key: string;
	ttlMs: number;
}

/** Reads the node's Idempotency Key and its hours; undefined for an empty key. @throws ValidationError over 512 characters. */
export function idempotencyOption(key: unknown, hours: unknown): IdempotencyOption | undefined {
	const text = key === undefined || key === null ? '' : String(key);
	if (text === '') return undefined;
	if (text.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
		throw new ValidationError('Idempotency Key (idempotencyKey)', `is ${text.length} characters long, more than the limit of ${MAX_IDEMPOTENCY_KEY_LENGTH}`);
	}
	const value = hours === '' || hours === undefined || hours === null ? DEFAULT_IDEMPOTENCY_HOURS : Number(hours);
	if (!Number.isFinite(value) || value <= 0) throw new ValidationError('Keep Idempotency Keys (Hours) (idempotencyHours)', 'must be a number of hours above 0');
	return { key: text, ttlMs: value * 3_600_000 };
}

export type Entry = ({ state: 'pending'; owner: string } & Partial<PendingSend>) | { state: 'accepted'; answer: unknown };

/** The most keys one process keeps in memory; the oldest go first. */
const MAX_MEMORY_KEYS = 100_000;

/** This process's keys: without Redis, or while it is unreachable. */
export class MemoryIdempotency implements IdempotencyStore {
	private readonly entries = new Map<string, { entry: Entry; until: number }>();
	/** Per recipient, the latest messages the status webhooks showed, oldest first. */
	private readonly sent = new Map<string, Array<{ id: string; at: number }>>();
	/** The latest stamp of any status noted: how far the status webhooks have come. */
	private latestStamp = 0;

	constructor(private readonly now: () => number = Date.now) {}

	async claim(key: string, owner: string, ttlMs: number, to?: string): Promise<Claim> {
		const known = this.entries.get(key);
		if (!known || known.until <= this.now()) {
			this.keep(key, { state: 'pending', owner, ...(to === undefined ? {} : { to, at: this.now() }) }, ttlMs);
			return { state: 'claimed' };
		}
		return toClaim(known.entry, owner);
	}

	async look(key: string) {
		const known = this.entries.get(key);
		return known && known.until > this.now() ? toClaim(known.entry) : undefined;
	}

	async noteSent(recipient: string, messageId: string, at: number) {
		const kept = this.sent.get(recipient) ?? [];
		// A message's first status stamps it: a later `read` must not move it out of its claim's window.
		const first = Math.min(at, kept.find((message) => message.id === messageId)?.at ?? at);
		const messages = kept.filter((message) => message.id !== messageId && message.at > this.now() - SENT_MEMORY_MS);
		messages.push({ id: messageId, at: first });
		this.sent.delete(recipient);
		this.sent.set(recipient, messages.sort((a, b) => a.at - b.at).slice(-SENT_PER_RECIPIENT));
		while (this.sent.size > MAX_MEMORY_KEYS) this.sent.delete(this.sent.keys().next().value as string);
		// Never past this process's clock: a stamp ahead of it (Meta's clock ahead of ours) proves nothing yet.
		this.latestStamp = Math.max(this.latestStamp, Math.min(at, this.now()));
	}

	async settle(key: string, pending: PendingSend, ttlMs: number): Promise<Settlement> {
		const known = this.entries.get(key);
		if (known?.entry.state === 'accepted') return { state: 'accepted', answer: known.entry.answer };
		if (!known || known.until <= this.now() || known.entry.to !== pending.to || known.entry.at !== pending.at) return { state: 'free' };
		const sent = this.sent.get(recipientOf(pending.to)) ?? [];
		const message = sent.find((message) => message.at >= pending.at - STATUS_SLACK_MS && message.at <= pending.at + STATUS_WINDOW_MS);
		if (message) {
			const answer = settledAnswer(pending, message.id);
			await this.accepted(key, answer, ttlMs);
			return { state: 'accepted', answer };
		}
		if (!neverArrived(pending, sent.map((message) => message.at), this.latestStamp)) return { state: 'unknown' };
		this.entries.delete(key);
		return { state: 'free' };
	}

	async accepted(key: string, answer: unknown, ttlMs: number) {
		this.keep(key, { state: 'accepted', answer }, ttlMs);
	}

	private keep(key: string, entry: Entry, ttlMs: number) {
		this.entries.delete(key);
		this.entries.set(key, { entry, until: this.now() + ttlMs });
		while (this.entries.size > MAX_MEMORY_KEYS) this.entries.delete(this.entries.keys().next().value as string);
	}

	async release(key: string, owner: string) {
		const known = this.entries.get(key)?.entry;
		if (known?.state === 'pending' && known.owner === owner) this.entries.delete(key);
	}
}

/** What a key's record says to a send: `owner`'s own pending record is its claim. */
export function toClaim(entry: Entry): Exclude<Claim, { state: 'claimed' }>;
export function toClaim(entry: Entry, owner: string): Claim;
export function toClaim(entry: Entry, owner?: string): Claim {
	if (entry.state === 'accepted') return { state: 'accepted', answer: entry.answer };
	if (entry.owner === owner) return { state: 'claimed' };
	return entry.to === undefined || entry.at === undefined ? { state: 'unsettled' } : { state: 'unsettled', to: entry.to, at: entry.at };
}

/** A key claimed by a send that was never answered and not settled while the run waited: not sent. */
export class UnsettledKeyError extends Error {
	constructor(key: string) {
		super(
			`Idempotency Key "${key.length > 80 ? `${key.slice(0, 80)}…` : key}" belongs to a send that has not been answered: another run is sending it, or a run stopped ` +
				'while sending it, so the message may have been delivered. While this run waited, no status webhook showed its message, nor that it never arrived (statuses of ' +
				'messages sent a minute after its claim, and none of it), at the WhatsApp Trigger or webhook node (with the same Redis URL). Not sent, so as not to send it twice: ' +
				'run it again later, or check the chat and use a new key.',
		);
		this.name = 'UnsettledKeyError';
	}
}
