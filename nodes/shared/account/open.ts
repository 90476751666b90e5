import { conversationsFor } from '../conversation/stores';
import type { ConversationStore } from '../conversation/model';
import { normaliseSettings, secretValues, type AccountSettings, type RawSettings } from '../credentials';
import { GraphClient } from '../graph/client';
import type { Transport } from '../graph/transport';
import type { Pacer } from '../pacing/pacer';
import type { PacingContext } from '../run/context';
import { pacerFor, type PacerHost } from '../run/pacers';
import { redact } from '../secrets';

/** What a host lends an account: its HTTP transport, its timer and its log. */
export interface AccountHost extends PacerHost {
	/** The host's transport for these settings; it adds the Bearer token, the core never does. */
	transport: (settings: AccountSettings) => Transport;
}

/** An account ready for calls: its settings, its secrets to keep out of every output, its client, pacer and conversation store. */
export interface OpenedAccount extends PacingContext {
	pacer: Pacer;
	secrets: string[];
	/** Questions waiting for their answers and the users' 24-hour windows: in memory, or in Redis with a Redis URL. */
	conversations: ConversationStore;
	/** The host's timer, for operations that wait between calls. */
	sleep: (ms: number) => Promise<void>;
}

/**
 * Opens an account from a host's raw settings, the same way in both hosts: the settings trimmed
 * and defaulted, the Graph client on the host's transport, and the process-wide pacer of its
 * Graph host, and its conversation store. Every call the package makes goes from here through the
 * paced path (run/paced.ts).
 */
export function openAccount(raw: RawSettings, host: AccountHost): OpenedAccount {
	const account = normaliseSettings(raw);
	const secrets = secretValues(account);
	const client = new GraphClient({ transport: host.transport(account), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	const log = (message: string) => host.log(redact(message, secrets));
	const pacer = pacerFor(account, { sleep: host.sleep, log });
	return { account, secrets, client, pacer, sleep: host.sleep, conversations: conversationsFor(account, log) };
}
