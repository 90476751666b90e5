import type { KeyObject } from 'node:crypto';
import { verifySignature } from '../webhook/verify';
import { decryptFlowRequest, FlowDecryptionError, sealedOf, sealFlowAnswer, type EncryptedFlowRequest, type FlowSession, type SealedSession } from './crypto';

/**
 * The data-exchange endpoint of a Flow, once for both hosts (Meta's "Implementing Endpoint for
 * Flows" page and its endpoint samples): the signature, the decryption, health checks and error
 * notifications answered here; INIT, BACK and data_exchange handed to the flow. The hosts only
 * move bytes. Nothing here logs a key or decrypted data: log lines name the problem only.
 */

/** The HTTP statuses the WhatsApp client understands (Meta's Flows error codes, endpoint samples). */
export const FLOW_STATUS = {
	ok: 200,
	/** Not a Flow request (no JSON body with the three fields), or an action this endpoint does not know. */
	badRequest: 400,
	payloadTooLarge: 413,
	/** Cannot decrypt: the client fetches the public key again and retries once. */
	cannotDecrypt: 421,
	/** The flow token is no longer valid: the client closes the Flow and shows the encrypted `error_msg`. */
	tokenNoLongerValid: 427,
	/** The X-Hub-Signature-256 does not match the App Secret. */
	badSignature: 432,
	/** The flow failed, or did not answer within the time limit. */
	error: 500,
} as const;

/**
 * Meta documents no size for a request; a screen's form data is small, and media picked in a
 * Flow travels by URL. A megabyte leaves room; bigger bodies are refused with 413 unread.
 */
export const FLOW_REQUEST_MAX_BYTES = 1024 * 1024;

/**
 * Meta documents no hard limit: it alerts on a p90 over 1, 5 and 7 s and counts "10+ s" as its
 * slowest bucket; guides name 10 s as the client's limit. The endpoint answers by 9 s, so that
 * its own answer (or its 500) reaches the client before the client gives up.
 */
export const FLOW_TIME_LIMIT_MS = 9_000;

/** An HTTP answer: always plain text (the encrypted base64, or an empty body). */
export interface FlowAnswer {
	status: number;
	body: string;
}

/** What the flow gets: the decrypted request, named as the package names things. */
export interface FlowRequest {
	action: 'INIT' | 'BACK' | 'data_exchange';
	/** The screen the user is on (empty on INIT and on some BACK). */
	screen: string;
	data: Record<string, unknown>;
	/** Missing on some iOS clients (pywa's notes). */
	flowToken?: string;
	version: string;
}

export type Received =
	/** Answered here: a refusal, a health check, an error notification. `log` says why, without secrets. */
	| { kind: 'answered'; answer: FlowAnswer; log?: string }
	/** For the flow: its answer goes back with `session` (in memory) or `sealed` (carried, opened with the key). */
	| { kind: 'request'; request: FlowRequest; session: FlowSession; sealed: SealedSession };

export interface EndpointKeys {
	appSecret: string;
	/** The private key, or why it could not be loaded (the message names no secret). */
	privateKey: KeyObject | Error;
}

const refuse = (status: number, log: string, body = ''): Received => ({ kind: 'answered', answer: { status, body }, log });
const PASSED = new Set(['INIT', 'BACK', 'data_exchange']);
/** Meta names `error` and `error_message`; pywa also reads `error_key`, as Meta's pages disagree. */
const ERROR_KEYS = ['error', 'error_message', 'error_key'];
/** An error notification's code as Meta spells them (INVALID_SCREEN_TRANSITION): safe to log, unlike its message. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** One POST to the endpoint, with its `X-Hub-Signature-256` header as received. */
export function receiveFlowRequest(raw: Uint8Array, signature: string | string[] | undefined, keys: EndpointKeys): Received {
	if (raw.byteLength > FLOW_REQUEST_MAX_BYTES) return refuse(FLOW_STATUS.payloadTooLarge, `refused a request of ${raw.byteLength} bytes (over ${FLOW_REQUEST_MAX_BYTES})`);
	if (!keys.appSecret) return refuse(FLOW_STATUS.badSignature, 'refused a request: no App Secret is configured in the credential to check its signature');
	if (!verifySignature(raw, signature, keys.appSecret)) {
		return refuse(FLOW_STATUS.badSignature, signature ? 'refused a request: its X-Hub-Signature-256 does not match the App Secret' : 'refused a request without X-Hub-Signature-256');
	}
	const envelope = readEnvelope(raw);
	if (!envelope) return refuse(FLOW_STATUS.badRequest, 'refused a request: not a Flow request (a JSON object with encrypted_flow_data, encrypted_aes_key and initial_vector)');
	if (keys.privateKey instanceof Error) return refuse(FLOW_STATUS.error, `cannot answer: ${keys.privateKey.message}`);
	let decrypted: ReturnType<typeof decryptFlowRequest>;
	try {
		decrypted = decryptFlowRequest(envelope, keys.privateKey);
	} catch (error) {
		if (error instanceof FlowDecryptionError) return refuse(FLOW_STATUS.cannotDecrypt, `answered 421: ${error.message}`);
		throw error;
	}
	const payload = parseObject(decrypted.json);
	if (!payload) return refuse(FLOW_STATUS.badRequest, 'refused a request: its decrypted data is not a JSON object');
	const { session } = decrypted;
	const action = payload.action;
	const data = isObject(payload.data) ? payload.data : {};
	if (action === 'ping') return answered({ data: { status: 'active' } }, session);
	if (typeof action === 'string' && PASSED.has(action) && ERROR_KEYS.some((key) => key in data)) {
		const code = [data.error, data.error_key].find((value) => typeof value === 'string' && ERROR_CODE.test(value));
		return answered({ data: { acknowledged: true } }, session, `WhatsApp reported an error in an earlier answer of this endpoint${code ? ` (${String(code)})` : ''}: acknowledged`);
	}
	if (typeof action !== 'string' || !PASSED.has(action)) return refuse(FLOW_STATUS.badRequest, 'refused a request with an unknown action (not ping, INIT, BACK or data_exchange)');
	const request: FlowRequest = {
		action: action as FlowRequest['action'],
		screen: typeof payload.screen === 'string' ? payload.screen : '',
		data,
		...(typeof payload.flow_token === 'string' && payload.flow_token ? { flowToken: payload.flow_token } : {}),
		version: typeof payload.version === 'string' ? payload.version : '3.0',
	};
	return { kind: 'request', request, session, sealed: sealedOf(envelope) };
}

/** An encrypted 200 answer of the endpoint itself. */
function answered(body: object, session: FlowSession, log?: string): Received {
	return { kind: 'answered', answer: { status: FLOW_STATUS.ok, body: sealFlowAnswer(JSON.stringify(body), session) }, ...(log ? { log } : {}) };
}

function readEnvelope(raw: Uint8Array): EncryptedFlowRequest | undefined {
	const body = parseObject(new TextDecoder().decode(raw));
	const fields = ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector'] as const;
	if (!body || !fields.every((field) => typeof body[field] === 'string')) return undefined;
	return body as unknown as EncryptedFlowRequest;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}
