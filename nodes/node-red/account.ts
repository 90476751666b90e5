import { credentialFields, type AccountSettings } from '../shared/credentials';
import type { GraphClient } from '../shared/graph/client';
import type { Pacer } from '../shared/pacing/pacer';
import type { Node } from './red';

/** What a whatsapp-platform-config node offers the nodes that point at it through `account`. */
export interface AccountNode extends Node {
	account: AccountSettings;
	client: GraphClient;
	/** The process-wide pacer of this account (shared with every node that sends from its numbers). */
	pacer: Pacer;
	/** The account's secrets, to keep them out of every message, status and log line. */
	secrets: string[];
}

/** Node-RED's `credentials` declaration, from the shared field list: secrets as password. */
export const nodeRedCredentials = Object.fromEntries(
	credentialFields.filter((f) => f.secret).map((f) => [f.name, { type: 'password' as const }]),
);
