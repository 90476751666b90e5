import { FlowKeyError, loadPrivateKey, publicKeyPem } from '../../flows';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { samePublicKey } from './support/keys';

interface KeyAnswer {
	business_public_key?: string;
	business_public_key_signature_status?: string;
}

export const getFlowPublicKey = defineOperation<{ phoneNumberId: string }>({
	operation: 'getPublicKey',
	label: 'Get Public Key',
	action: 'Get a number\'s Flow public key and its signature status',
	help: 'Reads the business public key on a number and its signature status (VALID, or MISMATCH: upload it again), and whether it is the public key of the credential\'s Flow Endpoint Private Key.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'none' },
	run: async (params, context, send) => {
		const data = (await send({ method: 'GET', path: `${params.phoneNumberId}/whatsapp_business_encryption` })) as KeyAnswer & { data?: KeyAnswer[] };
		// Meta's guide answers the object itself, its reference and Postman wrap it in data[].
		const key = Array.isArray(data.data) ? (data.data[0] ?? {}) : data;
		const pem = key.business_public_key?.trim() || undefined;
		return {
			phoneNumberId: params.phoneNumberId,
			publicKey: pem,
			signatureStatus: key.business_public_key_signature_status,
			matchesCredential: pem ? matches(pem, context.account.flowPrivateKey, context.account.flowPrivateKeyPassphrase) : false,
		};
	},
});

/** Whether the key is the credential's; undefined when the credential has no usable private key. */
function matches(pem: string, privateKey = '', passphrase = ''): boolean | undefined {
	if (!privateKey) return undefined;
	try {
		return samePublicKey(pem, publicKeyPem(loadPrivateKey(privateKey, passphrase)));
	} catch (error) {
		if (error instanceof FlowKeyError) return undefined;
		throw error;
	}
}
