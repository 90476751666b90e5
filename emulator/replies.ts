import { GraphError, invalidParameter } from './graphError';
import type { GraphEmulator } from './server';
import type { SentMessage } from './state';
import type { Delivery, InboundMessage } from './webhooks';

type Json = Record<string, unknown>;

/** What a test user does with a message the business sent them. */
export interface ReplyRequest {
	/** The wamid of the business's message being answered: the reply's `context.id`. */
	messageId: string;
	kind: 'text' | 'button' | 'list' | 'flow';
	/** kind `text`: what the user types. */
	text?: string;
	/** kind `button` or `list`: the id of the reply button or list row tapped (of a template quick reply: its payload). */
	id?: string;
	/** kind `button` or `list`: the title tapped, when no id is given. */
	title?: string;
	/** kind `flow`: what the Flow's complete action returns; the reply's `response_json` holds it with the `flow_token`. */
	flowResponse?: Json;
	/** Where the webhook goes instead of the WABA's callback: another process, another webhook node of the app. */
	callbackUrl?: string;
}

interface Choice {
	id: string;
	title: string;
	description?: string;
}

const KINDS = ['text', 'button', 'list', 'flow'];
/** Messages a user cannot quote in a reply. */
const UNQUOTABLE = ['reaction', 'pin'];
const AUTO_TEXT = 'Thanks, got it!';
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The emulated customers' side of a conversation: a test user answers a message the business sent,
 * and the platform delivers the answer as a signed `messages` webhook from that user, quoting the
 * message in `context`, in the shape Meta sends for that kind of answer (Meta's "Messages webhook
 * reference": text, button, interactive button_reply / list_reply / nfm_reply). With `auto` on, every
 * message a user receives is answered once its statuses went out (`autoReply` for demos).
 */
export class TestUserReplies {
	/** Set by a test or demo at run time; a reset goes back to the emulator's `autoReply` option. */
	private autoSet?: boolean;

	constructor(private readonly emulator: GraphEmulator) {}

	get auto(): boolean {
		return this.autoSet ?? this.emulator.options.autoReply ?? false;
	}

	set auto(on: boolean) {
		this.autoSet = on;
	}

	reset() {
		this.autoSet = undefined;
	}

	/** Delivers the user's answer; resolves with the reply's message id once the callback took it or gave up. */
	async reply(request: ReplyRequest): Promise<{ id: string; deliveries: Delivery[] }> {
		const callbackUrl = isObject(request) ? request.callbackUrl : undefined;
		if (callbackUrl !== undefined && (typeof callbackUrl !== 'string' || !/^https?:\/\//.test(callbackUrl))) throw invalidParameter('Param callbackUrl must be an http(s) URL.');
		if (!callbackUrl && !this.emulator.webhooks.target)
			throw new GraphError(100, 'Invalid parameter', 'No webhook callback to deliver the reply to: start the emulator with a callback URL, subscribe the WABA with an override, or give callbackUrl.');
		const message = this.inbound(request);
		const deliveries = await this.emulator.webhooks.send([this.emulator.webhooks.inbound([message])], 1, callbackUrl);
		return { id: message.id!, deliveries };
	}

	/** With `auto` on, the `messages` change that answers this sent message (none for reactions, pins and call permission requests). */
	automatic(message: SentMessage): { field: string; value: Json } | undefined {
		const request = this.auto ? automaticAnswer(this.emulator, message) : undefined;
		return request && this.emulator.webhooks.inbound([this.inbound(request)]);
	}

	/** The inbound message of a reply, from the recipient of the answered message to the number that sent it. */
	private inbound(request: ReplyRequest): InboundMessage {
		if (!isObject(request) || typeof request.messageId !== 'string') throw invalidParameter('Param messageId must be the wamid of a message the business sent.');
		if (!KINDS.includes(request.kind)) throw invalidParameter(`Param kind must be one of ${KINDS.join(', ')}.`);
		const sent = this.emulator.state.messages.find((m) => m.id === request.messageId);
		if (!sent) throw invalidParameter(`Param messageId: no message ${request.messageId} was sent through this emulator.`);
		if (sent.body.recipient_type === 'group') throw invalidParameter(`Param messageId: ${sent.id} went to a group; replies of group participants are not emulated.`);
		if (UNQUOTABLE.includes(sent.type)) throw invalidParameter(`Param messageId: ${sent.id} is a ${sent.type}, which a user cannot reply to.`);
		return {
			id: this.emulator.state.newMessageId(),
			from: sent.to,
			phoneNumberId: sent.phoneNumberId,
			replyTo: sent.id,
			...answerContent(this.emulator, sent, request),
		};
	}
}

/** The type and content of each kind of answer. */
function answerContent(emulator: GraphEmulator, sent: SentMessage, request: ReplyRequest): Pick<InboundMessage, 'type' | 'content'> {
	const interactive = isObject(sent.body.interactive) ? sent.body.interactive : undefined;
	switch (request.kind) {
		case 'text': {
			if (typeof request.text !== 'string' || !request.text || request.text.length > 4096) throw invalidParameter('Param text must be the text the user types, 1 to 4096 characters.');
			return { type: 'text', content: { body: request.text } };
		}
		case 'button': {
			if (interactive?.type === 'button') {
				const { id, title } = pick(replyButtons(interactive), request, sent, 'reply button');
				return { type: 'interactive', content: { type: 'button_reply', button_reply: { id, title } } };
			}
			if (sent.type === 'template') {
				// A template's quick-reply button answers as type `button`: its text and the payload the send gave it.
				const { id, title } = pick(quickReplies(emulator, sent.body), request, sent, 'quick-reply button');
				return { type: 'button', content: { text: title, payload: id } };
			}
			throw invalidParameter(`Param kind: ${sent.id} has no reply buttons (it is a ${describe(sent)}).`);
		}
		case 'list': {
			if (interactive?.type !== 'list') throw invalidParameter(`Param kind: ${sent.id} is not a list message (it is a ${describe(sent)}).`);
			const { id, title, description } = pick(listRows(interactive), request, sent, 'list row');
			return { type: 'interactive', content: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } } };
		}
		case 'flow': {
			if (interactive?.type !== 'flow') throw invalidParameter(`Param kind: ${sent.id} is not a Flow message (it is a ${describe(sent)}).`);
			if (request.flowResponse !== undefined && !isObject(request.flowResponse)) throw invalidParameter('Param flowResponse must be an object: what the Flow returns.');
			// Meta's Flows webhooks: response_json is a JSON string with the flow_token the message carried ("unused" when it had none).
			const parameters = isObject(interactive.action) && isObject(interactive.action.parameters) ? interactive.action.parameters : {};
			const response = { flow_token: parameters.flow_token ?? 'unused', ...request.flowResponse };
			return { type: 'interactive', content: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(response) } } };
		}
	}
	throw invalidParameter(`Param kind must be one of ${KINDS.join(', ')}.`);
}

/** The choice the request names by id, else by title. */
function pick(choices: Choice[], request: ReplyRequest, sent: SentMessage, what: string): Choice {
	const found = request.id !== undefined ? choices.find((c) => c.id === request.id) : request.title !== undefined ? choices.find((c) => c.title === request.title) : undefined;
	if (found) return found;
	const known = choices.map((c) => `${c.id} (${c.title})`).join(', ') || 'none';
	throw invalidParameter(`Param ${request.id !== undefined ? 'id' : 'title'} must name a ${what} of ${sent.id}: ${known}.`);
}

function replyButtons(interactive: Json): Choice[] {
	const buttons = isObject(interactive.action) && Array.isArray(interactive.action.buttons) ? interactive.action.buttons : [];
	return buttons.filter(isObject).map((button) => {
		const reply = isObject(button.reply) ? button.reply : {};
		return { id: String(reply.id), title: String(reply.title) };
	});
}

function listRows(interactive: Json): Choice[] {
	const sections = isObject(interactive.action) && Array.isArray(interactive.action.sections) ? interactive.action.sections : [];
	return sections
		.filter(isObject)
		.flatMap((section) => (Array.isArray(section.rows) ? section.rows.filter(isObject) : []))
		.map((row) => ({ id: String(row.id), title: String(row.title), ...(typeof row.description === 'string' ? { description: row.description } : {}) }));
}

/** The template's quick-reply buttons, each with the payload the send gave its index (else its text). */
function quickReplies(emulator: GraphEmulator, body: Json): Choice[] {
	const sent = isObject(body.template) ? body.template : {};
	const language = isObject(sent.language) ? sent.language.code : undefined;
	const template = [...emulator.state.templates.values()].find((t) => t.name === sent.name && t.language === language);
	const buttons = (template?.components.find((c) => c.type === 'BUTTONS')?.buttons ?? []) as Json[];
	const components = Array.isArray(sent.components) ? sent.components.filter(isObject) : [];
	return buttons.flatMap((button, index) => {
		if (button.type !== 'QUICK_REPLY') return [];
		const component = components.find((c) => c.sub_type === 'quick_reply' && Number(c.index) === index);
		const parameter = Array.isArray(component?.parameters) ? component.parameters.find(isObject) : undefined;
		const title = String(button.text);
		return [{ id: typeof parameter?.payload === 'string' ? parameter.payload : title, title }];
	});
}

/** What the user answers on their own: the first button or row, an empty Flow completion, else a text. */
function automaticAnswer(emulator: GraphEmulator, sent: SentMessage): ReplyRequest | undefined {
	if (UNQUOTABLE.includes(sent.type) || sent.body.recipient_type === 'group') return undefined;
	const interactive = isObject(sent.body.interactive) ? sent.body.interactive : undefined;
	const messageId = sent.id;
	if (interactive?.type === 'button') return { messageId, kind: 'button', id: replyButtons(interactive)[0]?.id };
	if (interactive?.type === 'list') return { messageId, kind: 'list', id: listRows(interactive)[0]?.id };
	if (interactive?.type === 'flow') return { messageId, kind: 'flow' };
	// A call permission request is answered through /__emulator/call-permissions/reply (accept or reject).
	if (interactive?.type === 'call_permission_request') return undefined;
	const [quickReply] = sent.type === 'template' ? quickReplies(emulator, sent.body) : [];
	if (quickReply) return { messageId, kind: 'button', id: quickReply.id };
	return { messageId, kind: 'text', text: AUTO_TEXT };
}

function describe(sent: SentMessage): string {
	const interactive = isObject(sent.body.interactive) ? sent.body.interactive.type : undefined;
	return interactive ? `${String(interactive)} interactive message` : `${sent.type} message`;
}

/** `POST /__emulator/replies`: a test user answers a message (ReplyRequest); answers once the delivery ended. */
export function registerReplies(emulator: GraphEmulator) {
	emulator.controlRoute('POST', /^\/__emulator\/replies$/, async (_match, req) => {
		const { id, deliveries } = await emulator.replies.reply((req.body ?? {}) as ReplyRequest);
		return { id, deliveries: deliveries.map((d) => ({ url: d.url, attempts: d.attempts, delivered: d.delivered })) };
	});
}
