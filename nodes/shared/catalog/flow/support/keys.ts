import type { KeyObject } from 'node:crypto';
import type { AccountSettings } from '../../../credentials';
import { ValidationError } from '../../../graph/errors';
import { FlowKeyError, loadPrivateKey, publicKeyPem, readPublicKey } from '../../../flows';

/** The credential's Flow private key; a ValidationError naming the field when it is missing or unusable. */
export function credentialPrivateKey(account: Partial<AccountSettings>, field: string): KeyObject {
	try {
		return loadPrivateKey(account.flowPrivateKey ?? '', account.flowPrivateKeyPassphrase ?? '');
	} catch (error) {
		if (error instanceof FlowKeyError) throw new ValidationError(field, `is empty, and the credential's key cannot give it: ${error.message}`);
		throw error;
	}
}

/** Whether two public key PEMs hold the same key, whatever their line breaks. */
export function samePublicKey(a: string, b: string): boolean {
	try {
		return publicKeyPem(readPublicKey(a)) === publicKeyPem(readPublicKey(b));
	} catch {
		return false;
	}
}
