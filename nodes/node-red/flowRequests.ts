import type { FlowAnswerOnce, FlowSession } from '../shared/flows';

/** A request of a Flow endpoint node waiting for its response node; its key stays here, in memory. */
export interface WaitingRequest {
	once: FlowAnswerOnce;
	session: FlowSession;
	flowToken?: string;
}

/**
 * The requests handed to flows and not answered yet, by the id their msg carries
 * (`msg.flowRequestId`): an id survives the cloning of a msg, the key never travels with it.
 */
const waiting = new Map<string, WaitingRequest>();

export const holdRequest = (id: string, request: WaitingRequest) => void waiting.set(id, request);
export const waitingRequest = (id: string) => waiting.get(id);
export const releaseRequest = (id: string) => void waiting.delete(id);
