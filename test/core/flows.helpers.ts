import { createHmac, generateKeyPairSync } from 'node:crypto';
import { openAnswer, sealRequest } from '../../emulator/flows/clientCrypto';
import { loadPrivateKey } from '../../nodes/shared/flows';

/** A business key pair for the tests, and the app secret that signs the client's requests. */
export const PAIR = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
export const OTHER_PAIR = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
export const APP_SECRET = 'flows-app-secret-0123456789';
export const KEYS = { appSecret: APP_SECRET, privateKey: loadPrivateKey(PAIR.privateKey) };

export const sign = (raw: Buffer | string, secret = APP_SECRET) => 'sha256=' + createHmac('sha256', secret).update(raw).digest('hex');

/** A request as the WhatsApp client sends it (the emulator's client crypto, written apart from the endpoint's). */
export function clientRequest(payload: unknown, publicKey = PAIR.publicKey) {
	const sealed = sealRequest(payload, publicKey);
	const raw = Buffer.from(JSON.stringify(sealed.body));
	return { ...sealed, raw, signature: sign(raw), read: (answer: string) => openAnswer(answer, sealed.key, sealed.iv) };
}

/** The same request with one field of its envelope replaced, signed again. */
export function tampered(request: ReturnType<typeof clientRequest>, field: keyof ReturnType<typeof clientRequest>['body'], value: string) {
	const raw = Buffer.from(JSON.stringify({ ...request.body, [field]: value }));
	return { raw, signature: sign(raw) };
}
