import { createPublicKey } from 'node:crypto';
import { invalidParameter } from '../graphError';
import { flowInput } from '../flows/input';
import { parseMultipart } from '../multipart';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';

/**
 * The business public key of a number (Meta's "Flows Encryption" page and Business Encryption
 * reference): POST signs and stores it, GET reads it with its signature status. Meta's pages send
 * it form-urlencoded, multipart or JSON: all are taken. GET answers the reference's `{data: [...]}`.
 */
export function registerEncryption(emulator: GraphEmulator) {
	const { state } = emulator;
	const path = /^\/(\d+)\/whatsapp_business_encryption$/;

	emulator.route('GET', path, ([, id]) => {
		if (!state.phoneNumbers.has(id)) return NEXT_ROUTE;
		const key = state.flows.publicKeys.get(id);
		return { data: key ? [{ business_public_key: key.pem, business_public_key_signature_status: key.status }] : [] };
	});

	emulator.route('POST', path, ([, id], req) => {
		if (!state.phoneNumbers.has(id)) return NEXT_ROUTE;
		const part = parseMultipart(req.headers['content-type'], req.raw)?.find((p) => p.name === 'business_public_key');
		const pem = part ? part.data.toString('utf8') : flowInput(req).business_public_key;
		if (typeof pem !== 'string' || !pem.trim()) throw invalidParameter('Param business_public_key is required.');
		let bits = 0;
		try {
			const key = createPublicKey(pem);
			bits = key.asymmetricKeyType === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? 0) : 0;
		} catch {
			throw invalidParameter('Param business_public_key must be a PEM public key.');
		}
		if (bits !== 2048) throw invalidParameter('Param business_public_key must be a 2048-bit RSA public key.');
		state.flows.publicKeys.set(id, { pem, status: 'VALID' });
		return { success: true };
	});
}
