import type { FileSource } from '../catalog/support/files';
import type { ConversationStore } from '../conversation/model';
import type { AccountSettings } from '../credentials';
import type { GraphClient } from '../graph/client';
import type { Pacer, PacingInfo } from '../pacing/pacer';

/** What the paced request path needs: the account, its Graph client and its pacer. */
export interface PacingContext {
	client: GraphClient;
	/** The account's settings (credential or config node fields). */
	account: AccountSettings;
	/** Keeps calls inside the rate limits: waits for slots, retries refusals. Without one, calls go at once. */
	pacer?: Pacer;
	/** Told how long the call waited for its slot and how often it was retried. */
	onPacing?: (pacing: PacingInfo) => void;
}

/** What a host gives the core to run an operation. */
export interface RunContext extends PacingContext {
	/** The current time in UNIX ms, for checks of date windows; the system clock by default. */
	now?: () => number;
	/** The flow's own files (binary data, Buffers) and files behind a URL, for operations that upload them. */
	files?: FileSource;
	/** Where the recipients' 24-hour windows are known (the account's conversation store). */
	conversations?: ConversationStore;
	/**
	 * The host's timer, for an operation that waits between its calls (a template's review): n8n's
	 * `sleep`, Node-RED's timers. Without one the operation cannot wait.
	 */
	sleep?: (ms: number) => Promise<void>;
}
