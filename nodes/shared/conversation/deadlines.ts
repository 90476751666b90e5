import type { ConversationStore, Settlement, WaitGroup } from './model';

/** Timers of longer than about 24.8 days fire at once in Node.js: long waits sleep in steps. */
const LONGEST_SLEEP_MS = 24 * 60 * 60_000;

export interface DeadlineHost {
	/** The host's timer (the core keeps none of its own). */
	sleep: (ms: number) => Promise<void>;
	now: () => number;
	log: (message: string) => void;
	/** Resumes a group whose time ran out. */
	resume: (settlement: Settlement) => Promise<void>;
}

/**
 * Ends the groups of one host when their deadline passes, in this process: one sleep per group.
 * Several processes may watch the same group (a store shared through Redis): the store hands a
 * group out once, to whichever expires it first.
 */
export class DeadlineWatch {
	private readonly watched = new Set<string>();

	constructor(
		private readonly store: ConversationStore,
		private readonly hostName: WaitGroup['host'],
		private readonly host: DeadlineHost,
	) {}

	watch(group: WaitGroup) {
		if (group.host !== this.hostName || group.deadline === undefined || this.watched.has(group.id)) return;
		this.watched.add(group.id);
		void this.until(group.id, group.deadline);
	}

	/** Watches every open group of this host: after a restart, a redeploy, or a trigger's activation. */
	async watchOpenGroups() {
		for (const group of await this.store.openGroups()) this.watch(group);
	}

	private async until(groupId: string, deadline: number) {
		try {
			for (let left = deadline - this.host.now(); left > 0; left = deadline - this.host.now()) await this.host.sleep(Math.min(left, LONGEST_SLEEP_MS));
			for (const settlement of await this.store.expire(this.host.now(), groupId)) await this.host.resume(settlement);
		} catch (error) {
			this.host.log(`conversations: could not end the questions that timed out (${(error as Error).message})`);
		} finally {
			this.watched.delete(groupId);
		}
	}
}
