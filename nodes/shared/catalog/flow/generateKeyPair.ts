import { generateKeyPair } from '../../flows';
import { defineOperation } from '../types';

export const generateFlowKeyPair = defineOperation<Record<string, never>>({
	operation: 'generateKeyPair',
	label: 'Generate Key Pair',
	action: 'Generate a Flow endpoint key pair',
	help: 'Makes a new 2048-bit RSA key pair for a Flow endpoint, here, without any request. The private key is encrypted with the credential\'s Flow Endpoint Private Key Passphrase when one is set.',
	notice: 'The private key is in this output once: paste it into the credential\'s Flow Endpoint Private Key, run Upload Public Key, and delete this execution\'s data (n8n keeps it) or the message (Node-RED).',
	params: {},
	pacing: { kind: 'none' },
	run: async (_params, context) => {
		const passphrase = context.account.flowPrivateKeyPassphrase ?? '';
		const pair = generateKeyPair(passphrase);
		return { privateKey: pair.privateKey, publicKey: pair.publicKey, encrypted: passphrase !== '' };
	},
});
