import { DeadlineWatch, type ConversationStore, type Settlement, type WaitGroup } from '../shared/conversation';
import type { Node, NodeMessage, RED } from './red';

/** A send node waiting for answers: the webhook node and the deadline watch hand it each settled question. */
export interface WaitingNode extends Node {
	answered(settlement: Settlement): void;
}

const isWaitingNode = (node: unknown): node is WaitingNode => typeof (node as WaitingNode | null)?.answered === 'function';

/**
 * Hands a settled question to the send node that asked it, found by its id: after a redeploy or a
 * restart, the node of the same id takes it. Nothing when that node is gone (deleted, disabled).
 */
export function handOver(red: RED, settlement: Settlement) {
	const node = red.nodes.getNode(settlement.group.resume);
	if (isWaitingNode(node)) node.answered(settlement);
	else red.log.warn(`whatsapp: the answer to question ${settlement.results[0]?.wait?.questionId ?? ''} came back, but the node that asked (${settlement.group.resume}) is no longer deployed`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One deadline watch per conversation store in this Node-RED. */
const watches = new Map<ConversationStore, DeadlineWatch>();

export function nodeRedDeadlines(red: RED, store: ConversationStore): DeadlineWatch {
	let watch = watches.get(store);
	if (!watch) {
		watch = new DeadlineWatch(store, 'node-red', { sleep, now: () => Date.now(), log: (message) => red.log.warn(message), resume: async (settlement) => handOver(red, settlement) });
		watches.set(store, watch);
	}
	return watch;
}

/**
 * What a store shared through Redis keeps of a message: what survives JSON, cycles and functions
 * (an HTTP In node's req and res) left out. In memory the message itself is kept.
 */
export function storable(msg: NodeMessage): NodeMessage {
	const seen = new WeakSet<object>();
	const copy = JSON.stringify(msg, (key, value: unknown) => {
		if (key === 'req' || key === 'res' || typeof value === 'function') return undefined;
		if (value && typeof value === 'object') {
			if (seen.has(value)) return undefined;
			seen.add(value);
		}
		return value;
	});
	return JSON.parse(copy) as NodeMessage;
}

/** The groups still waiting for one node: after a redeploy or a restart, and to cancel them when the node is deleted. */
export async function groupsOf(store: ConversationStore, nodeId: string): Promise<WaitGroup[]> {
	return (await store.openGroups()).filter((group) => group.host === 'node-red' && group.resume === nodeId);
}
