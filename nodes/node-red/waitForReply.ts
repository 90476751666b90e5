import { randomUUID } from 'node:crypto';
import { waitSettings, type WaitParams } from '../shared/catalog/message/support/question';
import type { CatalogOperation } from '../shared/catalog/types';
import { itemOutput, timeoutMessage, type Settlement, type WaitGroup } from '../shared/conversation';
import { runOperation, validateParams } from '../shared/run';
import type { RunContext } from '../shared/run/context';
import type { AccountNode } from './account';
import { groupsOf, nodeRedDeadlines, storable, type WaitingNode } from './conversation';
import type { NodeMessage, RED } from './red';

/** What a waiting message keeps until its answer: the message itself, and what a timeout does. */
interface Kept {
	msg: NodeMessage;
	onTimeout: 'output' | 'fail';
}

/**
 * Send and Wait for Reply in the send node: the question is sent and the message waits, in the
 * account's conversation store, until a whatsapp-platform-webhook node of the account receives its
 * answer (first output) or its time runs out (second output, or an error to Catch nodes).
 */
export class ReplyWaiter {
	private waiting = 0;

	constructor(
		private readonly red: RED,
		private readonly node: WaitingNode,
		private readonly account: AccountNode,
	) {}

	/** Sends the question and keeps the message; nothing leaves the node until the answer. */
	async ask(operation: CatalogOperation, values: Record<string, unknown>, msg: NodeMessage, context: RunContext): Promise<void> {
		const params = validateParams(operation, values, this.account.account);
		operation.check?.(params, Date.now());
		const settings = waitSettings(params as unknown as WaitParams);
		const store = this.account.conversations;
		// Redis keeps what survives JSON; memory keeps the message itself (an HTTP In node's res included).
		const kept: Kept = { msg: this.account.account.redisUrl ? storable(msg) : msg, onTimeout: settings.onTimeout };
		const group: WaitGroup = {
			id: randomUUID(),
			host: 'node-red',
			resume: this.node.id,
			deadline: settings.waitMs === undefined ? undefined : Date.now() + settings.waitMs,
			size: 1,
			data: kept as unknown as Record<string, unknown>,
		};
		await store.open(group);
		let output: { messageId?: string; waId?: string };
		try {
			output = (await runOperation(operation, values, context)) as typeof output;
		} catch (error) {
			await store.cancel(group.id);
			throw error;
		}
		await store.expect({ group: group.id, index: 0, questionId: String(output.messageId), phoneNumberId: String(params.phoneNumberId), waId: String(output.waId), matchBy: settings.matchBy });
		nodeRedDeadlines(this.red, store).watch(group);
		this.waiting++;
	}

	/** A settled question: the message leaves with its answer, or as timed out. */
	answered(settlement: Settlement) {
		const { msg, onTimeout } = settlement.group.data as unknown as Kept;
		const [result] = settlement.results;
		this.waiting = Math.max(0, this.waiting - 1);
		msg.question = { messageId: result.wait?.questionId, to: result.wait?.waId };
		const payload = itemOutput(result, settlement);
		msg.payload = payload;
		if (result.outcome === 'replied') {
			msg.topic = 'reply';
			this.node.send([msg, null] as unknown as NodeMessage[]);
			this.node.status({ fill: 'green', shape: 'dot', text: `answered: ${String(payload.replyTitle ?? payload.text ?? payload.messageType ?? '')}`.slice(0, 40) });
			return;
		}
		msg.topic = 'timeout';
		if (onTimeout === 'fail') this.node.error(timeoutMessage(result, settlement), msg);
		else this.node.send([null, msg] as unknown as NodeMessage[]);
		this.node.status({ fill: 'yellow', shape: 'ring', text: 'timed out' });
	}

	/** After a deploy or a restart: the questions this node asked before, still waiting, watched again. */
	async resumeWatching() {
		const store = this.account.conversations;
		const pending = await groupsOf(store, this.node.id);
		this.waiting = pending.length;
		for (const group of pending) nodeRedDeadlines(this.red, store).watch(group);
		if (pending.length) this.showWaiting();
	}

	/** A deleted node's questions wait for nobody: they leave the store. */
	async forget() {
		const store = this.account.conversations;
		for (const group of await groupsOf(store, this.node.id)) await store.cancel(group.id);
	}

	showWaiting() {
		if (this.waiting === 0) return;
		this.node.status({ fill: 'blue', shape: 'ring', text: `waiting for ${this.waiting} ${this.waiting === 1 ? 'answer' : 'answers'}` });
	}
}
