import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AccountSettings } from '../credentials';
import type { EndpointKeys } from './endpoint';

/**
 * The business key pair of Flows (Meta's "Flows Encryption" page): a 2048-bit RSA pair; the
 * public key is uploaded to each sending number, the private key decrypts the endpoint's requests.
 */

const KEY_BITS = 2048;

/** A key that cannot be used; the message names the problem, never the key or its passphrase. */
export class FlowKeyError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FlowKeyError';
	}
}

/**
 * A PEM as users paste it: credential fields often lose the line breaks (one line, or literal
 * `\n`). The body is re-wrapped at 64 characters between its BEGIN and END lines.
 */
export function normalisePem(text: string): string {
	const unescaped = text.replace(/\\n/g, '\n').trim();
	const match = /^(-----BEGIN [A-Z ]+-----)([\s\S]*?)(-----END [A-Z ]+-----)$/.exec(unescaped);
	if (!match) return unescaped;
	const [, begin, inner, end] = match;
	// Keys encrypted the traditional way (openssl genrsa -des3 of OpenSSL 1.x, openssl rsa -traditional) carry two header lines.
	// Pasted on one line, the IV runs into the body: its length follows from the cipher (AES 16 bytes, DES 8).
	const dek = /Proc-Type:\s*4,ENCRYPTED\s*DEK-Info:\s*([A-Za-z0-9-]+),/.exec(inner);
	const ivLength = dek?.[1].startsWith('AES') ? 32 : 16;
	const afterHeaders = dek ? inner.slice(dek.index + dek[0].length).replace(/\s+/g, '') : inner.replace(/\s+/g, '');
	const headers = dek ? ['Proc-Type: 4,ENCRYPTED', `DEK-Info: ${dek[1]},${afterHeaders.slice(0, ivLength)}`, ''] : [];
	const body = dek ? afterHeaders.slice(ivLength) : afterHeaders;
	return [begin, ...headers, ...(body.match(/.{1,64}/g) ?? []), end].join('\n') + '\n';
}

const loaded = new Map<string, KeyObject>();
const MAX_CACHED = 16;

/**
 * The private key of a PEM (PKCS#8 or PKCS#1, encrypted or not), parsed once per PEM and
 * passphrase: the endpoint reads the same key on every request.
 */
export function loadPrivateKey(pem: string, passphrase = ''): KeyObject {
	if (!pem.trim()) throw new FlowKeyError('No Flow private key: set the Flow Endpoint Private Key in the credential (or generate one with Flow > Generate Key Pair)');
	const cacheKey = createHash('sha256').update(pem).update('\0').update(passphrase).digest('hex');
	const cached = loaded.get(cacheKey);
	if (cached) return cached;
	let key: KeyObject;
	try {
		key = createPrivateKey({ key: normalisePem(pem), format: 'pem', passphrase });
	} catch (error) {
		const code = String((error as { code?: unknown }).code ?? '');
		const encrypted = /ENCRYPTED|Proc-Type/.test(pem);
		if (encrypted && !passphrase) throw new FlowKeyError('The Flow private key is encrypted: set its passphrase in the credential');
		if (encrypted || /BAD_DECRYPT|PASSPHRASE/i.test(code)) throw new FlowKeyError('The Flow private key does not open with this passphrase');
		throw new FlowKeyError('The Flow private key is not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)');
	}
	checkRsa(key, 'private');
	if (loaded.size >= MAX_CACHED) loaded.delete(loaded.keys().next().value!);
	loaded.set(cacheKey, key);
	return key;
}

/** A public key PEM (SPKI or PKCS#1), checked to be RSA of 2048 bits. */
export function readPublicKey(pem: string): KeyObject {
	let key: KeyObject;
	try {
		key = createPublicKey({ key: normalisePem(pem), format: 'pem' });
	} catch {
		throw new FlowKeyError('is not a PEM public key (-----BEGIN PUBLIC KEY-----)');
	}
	checkRsa(key, 'public');
	return key;
}

function checkRsa(key: KeyObject, which: string) {
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (key.asymmetricKeyType !== 'rsa') throw new FlowKeyError(`The Flow ${which} key is ${key.asymmetricKeyType ?? 'not RSA'}: Flows take an RSA key of ${KEY_BITS} bits`);
	if (bits !== KEY_BITS) throw new FlowKeyError(`The Flow ${which} key has ${bits} bits: Flows take an RSA key of ${KEY_BITS} bits`);
}

/** The public key of a private key (or of a public key), as the SPKI PEM Meta takes. */
export function publicKeyPem(key: KeyObject): string {
	const publicKey = key.type === 'private' ? createPublicKey(key) : key;
	return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** A new 2048-bit pair; the private key PKCS#8, encrypted with AES-256-CBC when a passphrase is given. */
export function generateKeyPair(passphrase = ''): { privateKey: string; publicKey: string } {
	return generateKeyPairSync('rsa', {
		modulusLength: KEY_BITS,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: passphrase ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase } : { type: 'pkcs8', format: 'pem' },
	});
}

/** The endpoint's keys from an account: its App Secret, and its Flow private key or why it cannot be used. */
export function endpointKeysOf(account: Partial<AccountSettings>): EndpointKeys {
	let privateKey: KeyObject | Error;
	try {
		privateKey = loadPrivateKey(account.flowPrivateKey ?? '', account.flowPrivateKeyPassphrase ?? '');
	} catch (error) {
		privateKey = error instanceof Error ? error : new FlowKeyError(String(error));
	}
	return { appSecret: account.appSecret ?? '', privateKey };
}
