import { constants, createCipheriv, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';

/**
 * The encryption of a Flow's data exchange (Meta's "Implementing Endpoint for Flows" page, and
 * Meta's endpoint samples): the client encrypts a fresh AES-128 key with the business public key
 * (RSA-OAEP, SHA-256 for the hash and MGF1, no label) and the request with AES-128-GCM under a
 * 16-byte IV; the answer uses the same key and the IV with every bit flipped.
 */

/** The body the WhatsApp client POSTs: three base64 fields. */
export interface EncryptedFlowRequest {
	encrypted_flow_data: string;
	encrypted_aes_key: string;
	initial_vector: string;
}

/** What answering one request needs: its AES key and IV. Kept in memory only, never logged nor output. */
export interface FlowSession {
	aesKey: Buffer;
	iv: Buffer;
}

/** The request's encrypted AES key and IV as received: only the private key opens them, so a host may carry them. */
export interface SealedSession {
	encryptedAesKey: string;
	initialVector: string;
}

const AES_KEY_BYTES = 16;
const IV_BYTES = 16;
const TAG_BYTES = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A request this endpoint cannot decrypt (answered with 421, so that the client fetches the public key again). */
export class FlowDecryptionError extends Error {
	constructor(problem: string) {
		super(`cannot decrypt the request: ${problem}`);
		this.name = 'FlowDecryptionError';
	}
}

/** Base64 as the client sends it; Node's decoder skips what is not base64, so the text is checked first. */
function decode(field: string, value: string): Buffer {
	if (!BASE64.test(value)) throw new FlowDecryptionError(`${field} is not base64`);
	return Buffer.from(value, 'base64');
}

/** The request's AES key and IV, the key decrypted with the business private key. */
export function openSession(sealed: SealedSession, privateKey: KeyObject): FlowSession {
	const encryptedKey = decode('encrypted_aes_key', sealed.encryptedAesKey);
	const iv = decode('initial_vector', sealed.initialVector);
	if (iv.length !== IV_BYTES) throw new FlowDecryptionError(`initial_vector has ${iv.length} bytes, not ${IV_BYTES}`);
	let aesKey: Buffer;
	try {
		aesKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encryptedKey);
	} catch {
		throw new FlowDecryptionError('the AES key does not open with this private key (encrypted for another public key, or damaged)');
	}
	if (aesKey.length !== AES_KEY_BYTES) throw new FlowDecryptionError(`the AES key has ${aesKey.length} bytes, not ${AES_KEY_BYTES}`);
	return { aesKey, iv };
}

export const sealedOf = (request: EncryptedFlowRequest): SealedSession => ({
	encryptedAesKey: request.encrypted_aes_key,
	initialVector: request.initial_vector,
});

/** Decrypts a request: its JSON text and the session to answer it with. */
export function decryptFlowRequest(request: EncryptedFlowRequest, privateKey: KeyObject): { json: string; session: FlowSession } {
	const session = openSession(sealedOf(request), privateKey);
	const data = decode('encrypted_flow_data', request.encrypted_flow_data);
	if (data.length < TAG_BYTES) throw new FlowDecryptionError(`encrypted_flow_data is shorter than its ${TAG_BYTES}-byte tag`);
	const decipher = createDecipheriv('aes-128-gcm', session.aesKey, session.iv, { authTagLength: TAG_BYTES });
	decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
	let plain: Buffer;
	try {
		plain = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
	} catch {
		throw new FlowDecryptionError('the data does not match its GCM tag');
	}
	return { json: plain.toString('utf8'), session };
}

/** Encrypts an answer's JSON text: AES-128-GCM with the request's key and the flipped IV, base64 of ciphertext and tag. */
export function sealFlowAnswer(json: string, session: FlowSession): string {
	const flipped = Buffer.from(session.iv.map((byte) => byte ^ 0xff));
	const cipher = createCipheriv('aes-128-gcm', session.aesKey, flipped, { authTagLength: TAG_BYTES });
	return Buffer.concat([cipher.update(json, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}
