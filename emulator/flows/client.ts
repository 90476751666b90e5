import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GraphEmulator } from '../server';
import { openAnswer, sealRequest } from './clientCrypto';
import type { Flow } from './store';

/**
 * A WhatsApp client that opens Flows against their endpoint, as the app does (Meta's
 * "Implementing Endpoint for Flows" page): each request encrypted for the public key on the
 * sending number and signed with the app secret; a 421 makes it fetch the key again and retry
 * once; a close (screen SUCCESS) sends the completion webhook (`nfm_reply`) from the user.
 */

/** The client's own limit: Meta names none; guides say 10 s. */
const CLIENT_TIMEOUT_MS = 10_000;
const VERSION = '3.0';
const CUSTOMER = '16505551234';

type Json = Record<string, unknown>;

export interface SessionOptions {
	/** The number that sent the Flow: its business public key encrypts the requests. */
	phoneNumberId?: string;
	flowToken?: string;
	/** The user (wa_id) who opened it. */
	from?: string;
	/** The wamid of the Flow message, quoted by the completion. */
	messageId?: string;
}

export interface RequestOptions {
	/** Sign with this secret instead of the app's (a forged request). */
	appSecret?: string;
	/** Encrypt for this public key instead of the number's (a client with a stale key). */
	publicKey?: string;
}

export interface Exchange {
	/** The endpoint's HTTP status; 0 when it gave no answer. */
	status: number;
	/** The decrypted answer. */
	response?: Json;
	/** The body as received, when it did not decrypt (empty for refusals). */
	body?: string;
	/** After a 421 the client fetched the public key again and sent the request once more. */
	retried?: boolean;
	/** Why the answer could not be used. */
	error?: string;
	latencyMs: number;
	/** The completion webhook a close sent. */
	completion?: { messageId: string; responseJson: string; delivered: boolean };
	sessionId?: string;
}

interface Session extends Required<Omit<SessionOptions, 'flowToken'>> {
	id: string;
	flowId: string;
	flowToken?: string;
}

export class FlowClient {
	private readonly sessions = new Map<string, Session>();

	constructor(private readonly emulator: GraphEmulator) {}

	reset() {
		this.sessions.clear();
	}

	/** A health check, as WhatsApp sends them to published Flows' endpoints. */
	ping(flowId: string, options: SessionOptions & RequestOptions = {}): Promise<Exchange> {
		const session = this.session(flowId, options);
		return this.send(session, { version: VERSION, action: 'ping' }, options);
	}

	/** The user opens a Flow sent with `flow_action: data_exchange`: INIT asks the endpoint for the first screen. */
	async open(flowId: string, options: SessionOptions & RequestOptions = {}): Promise<Exchange> {
		const session = this.session(flowId, options);
		this.sessions.set(session.id, session);
		const exchange = await this.send(session, { version: VERSION, action: 'INIT', screen: '', data: {}, ...this.token(session) }, options);
		return { ...exchange, sessionId: session.id };
	}

	/** A submit or selection on a screen (`data_exchange`), or a back with refresh (`BACK`). */
	exchange(sessionId: string, step: { action?: 'data_exchange' | 'BACK'; screen: string; data?: Json } & RequestOptions): Promise<Exchange> {
		const session = this.sessions.get(sessionId);
		if (!session) throw new Error(`No Flow session ${sessionId}: open the Flow first`);
		const payload = { version: VERSION, action: step.action ?? 'data_exchange', screen: step.screen, data: step.data ?? {}, ...this.token(session) };
		return this.send(session, payload, step);
	}

	/** The client reports that an earlier answer was wrong (an error notification). */
	notifyError(sessionId: string, screen: string, error: string, message: string): Promise<Exchange> {
		return this.exchange(sessionId, { screen, data: { error, error_message: message } });
	}

	private token(session: Session) {
		return session.flowToken === undefined ? {} : { flow_token: session.flowToken };
	}

	private session(flowId: string, options: SessionOptions): Session {
		const flow = this.emulator.state.flows.of(flowId);
		return {
			id: randomBytes(8).toString('hex'),
			flowId: flow.id,
			phoneNumberId: options.phoneNumberId ?? [...this.emulator.state.phoneNumbers.keys()][0],
			flowToken: options.flowToken,
			from: options.from ?? CUSTOMER,
			messageId: options.messageId ?? this.emulator.state.newMessageId(),
		};
	}

	private async send(session: Session, payload: Json, options: RequestOptions): Promise<Exchange> {
		const flow = this.emulator.state.flows.of(session.flowId);
		let exchange = await this.post(flow, session, payload, options);
		// 421: the client fetches the number's public key again and sends the request once more.
		if (exchange.status === 421) exchange = { ...(await this.post(flow, session, payload, { ...options, publicKey: undefined })), retried: true };
		if (exchange.response && isClose(exchange.response)) exchange.completion = await this.complete(session, exchange.response);
		return exchange;
	}

	/** One POST: encrypted for the number's current key (fetched each time), signed, timed. */
	private async post(flow: Flow, session: Session, payload: Json, options: RequestOptions): Promise<Exchange> {
		if (!flow.endpoint_uri) return { status: 0, error: 'the Flow has no endpoint_uri', latencyMs: 0 };
		const publicKey = options.publicKey ?? this.emulator.state.flows.publicKeys.get(session.phoneNumberId)?.pem;
		if (!publicKey) return { status: 0, error: `phone number ${session.phoneNumberId} has no business public key`, latencyMs: 0 };
		const sealed = sealRequest(payload, publicKey);
		const raw = JSON.stringify(sealed.body);
		const signature = 'sha256=' + createHmac('sha256', options.appSecret ?? this.emulator.options.appSecret).update(raw).digest('hex');
		const started = Date.now();
		let status = 0;
		let text = '';
		let failure: string | undefined;
		try {
			({ status, text } = await postOnce(flow.endpoint_uri, { 'content-type': 'application/json', 'x-hub-signature-256': signature }, raw, CLIENT_TIMEOUT_MS));
		} catch (error) {
			failure = (error as Error).message;
		}
		const exchange: Exchange = { status, latencyMs: Date.now() - started, ...(failure ? { error: failure } : {}) };
		if (status === 200 || status === 427) {
			const answer = openAnswer(text, sealed.key, sealed.iv);
			if (isObject(answer)) exchange.response = answer;
			else exchange.error = 'the answer does not decrypt with the request key and the flipped IV';
			exchange.error ??= unknownScreen(flow, exchange.response);
		} else if (status) exchange.body = text;
		flow.endpointRequests.push({ at: this.emulator.clock.now(), status, latencyMs: exchange.latencyMs, ...(status === 200 && exchange.error ? { unusable: true } : {}) });
		return exchange;
	}

	/** The completion the user's client sends when the Flow closes: an `nfm_reply` with the close's params. */
	private async complete(session: Session, answer: Json): Promise<Exchange['completion']> {
		const params = ((answer.data as Json).extension_message_response as Json).params as Json;
		const responseJson = JSON.stringify(params);
		const messageId = this.emulator.state.newMessageId();
		const change = this.emulator.webhooks.inbound([
			{
				id: messageId,
				from: session.from,
				phoneNumberId: session.phoneNumberId,
				replyTo: session.messageId,
				type: 'interactive',
				content: { type: 'nfm_reply', nfm_reply: { response_json: responseJson, body: 'Sent', name: 'flow' } },
			},
		]);
		const deliveries = this.emulator.webhooks.target ? await this.emulator.webhooks.send([change]) : [];
		return { messageId, responseJson, delivered: deliveries.some((d) => d.delivered) };
	}
}

/**
 * One POST, never repeated: fetch() sends a request again on its own after a 421 (the Fetch
 * standard's misdirected-request retry), where the WhatsApp client's own retry is the one to model.
 */
function postOnce(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const send = url.startsWith('https:') ? httpsRequest : httpRequest;
		const request = send(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', reject);
		});
		request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
		request.on('error', reject);
		request.end(body);
	});
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function isClose(answer: Json): boolean {
	const params = isObject(answer.data) && isObject(answer.data.extension_message_response) ? answer.data.extension_message_response.params : undefined;
	return answer.screen === 'SUCCESS' && isObject(params);
}

/** A next screen the Flow JSON does not have: the client could not show it. */
function unknownScreen(flow: Flow, answer: Json | undefined): string | undefined {
	if (!answer || typeof answer.screen !== 'string' || answer.screen === 'SUCCESS' || !flow.json) return undefined;
	try {
		const screens = (JSON.parse(flow.json) as { screens?: Array<{ id?: unknown }> }).screens ?? [];
		return screens.some((s) => s.id === answer.screen) ? undefined : `the Flow JSON has no screen ${answer.screen}`;
	} catch {
		return undefined;
	}
}
