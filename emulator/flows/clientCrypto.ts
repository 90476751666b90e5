import { constants, createCipheriv, createDecipheriv, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * The WhatsApp client's side of a Flow's encryption, as Meta's "Implementing Endpoint for Flows"
 * page describes it, written apart from the package's endpoint: a fresh AES-128 key and 16-byte IV
 * per request, the key wrapped with the business public key (RSA-OAEP with SHA-256), the answer
 * read with the IV's bits flipped.
 */

export interface SealedRequest {
	body: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
	key: Buffer;
	iv: Buffer;
}

export function sealRequest(payload: unknown, publicKeyPem: string): SealedRequest {
	const key = randomBytes(16);
	const iv = randomBytes(16);
	const cipher = createCipheriv('aes-128-gcm', key, iv);
	const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final(), cipher.getAuthTag()]);
	const wrapped = publicEncrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, key);
	return {
		body: { encrypted_flow_data: data.toString('base64'), encrypted_aes_key: wrapped.toString('base64'), initial_vector: iv.toString('base64') },
		key,
		iv,
	};
}

/** The endpoint's base64 answer, decrypted; undefined when it does not decrypt. */
export function openAnswer(text: string, key: Buffer, iv: Buffer): unknown {
	try {
		const bytes = Buffer.from(text.trim(), 'base64');
		const flipped = Buffer.from(iv.map((byte) => ~byte & 0xff));
		const decipher = createDecipheriv('aes-128-gcm', key, flipped);
		decipher.setAuthTag(bytes.subarray(bytes.length - 16));
		return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8'));
	} catch {
		return undefined;
	}
}
