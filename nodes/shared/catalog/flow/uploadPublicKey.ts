import { z } from 'zod';
import { publicKeyPem, readPublicKey } from '../../flows';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { credentialPrivateKey } from './support/keys';

interface UploadPublicKeyParams {
	phoneNumberId: string;
	publicKey?: string;
}

/** A PEM public key field, checked to be the 2048-bit RSA key Meta signs. */
const publicKey = z.string().transform((value, ctx) => {
	try {
		return publicKeyPem(readPublicKey(value));
	} catch (error) {
		ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^The Flow public key /, '') });
		return z.NEVER;
	}
});

export const uploadFlowPublicKey = defineOperation<UploadPublicKeyParams>({
	operation: 'uploadPublicKey',
	label: 'Upload Public Key',
	action: 'Upload a Flow endpoint\'s public key to a number',
	help: 'Puts the business public key on a phone number, where Meta signs it; WhatsApp clients encrypt Flow requests with it. Empty: the public key of the credential\'s Flow Endpoint Private Key.',
	notice: 'Each number that sends the Flow needs the key; upload it again after the number is registered again. One key per number: a new upload replaces the old one.',
	params: {
		phoneNumberId: phoneNumberParam,
		publicKey: {
			label: 'Public Key',
			type: 'text',
			help: 'Optional: a PEM public key (-----BEGIN PUBLIC KEY-----, RSA 2048 bits). Empty: the credential\'s private key gives it.',
			placeholder: '-----BEGIN PUBLIC KEY-----',
			schema: publicKey.optional(),
		},
	},
	// The number's edges are not on Meta's list of management calls (see Pacing in catalog/types.ts).
	pacing: { kind: 'none' },
	request: (params, account) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/whatsapp_business_encryption`,
		// Meta's Flows Encryption page sends it form-urlencoded (its reference uses multipart, pywa JSON).
		form: { business_public_key: params.publicKey ?? publicKeyPem(credentialPrivateKey(account, 'Public Key (publicKey)')) },
	}),
	output: (data, params) => ({ success: (data as { success?: boolean }).success === true, phoneNumberId: params.phoneNumberId }),
});
