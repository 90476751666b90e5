import type { OpenedAccount } from '../shared/account/open';
import { credentialFields } from '../shared/credentials';
import type { Node } from './red';

/**
 * What a whatsapp-platform-config node offers the nodes that point at it through `account`: the
 * account opened by the core (settings, secrets, client and the process-wide pacer).
 */
export interface AccountNode extends Node, OpenedAccount {}

/** Node-RED's `credentials` declaration, from the shared field list: secrets as password. */
export const nodeRedCredentials = Object.fromEntries(
	credentialFields.filter((f) => f.secret).map((f) => [f.name, { type: 'password' as const }]),
);
