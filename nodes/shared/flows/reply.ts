import { sealFlowAnswer, type FlowSession } from './crypto';
import { FLOW_STATUS, type FlowAnswer } from './endpoint';

/**
 * The flow's answer to a request (Meta's "Implementing Endpoint for Flows" page): the next screen
 * with its data, the close of the Flow (screen SUCCESS with the completion's params), or a flow
 * token that is no longer valid (427 with a message the client shows).
 */
export type FlowReply =
	| { respondWith: 'screen'; screen: string; data?: Record<string, unknown>; errorMessage?: string }
	| { respondWith: 'close'; params?: Record<string, unknown> }
	| { respondWith: 'tokenNoLongerValid'; message: string }
	/** Meta's answer object as it is: `{screen, data}`. */
	| { respondWith: 'json'; body: unknown };

/** An answer the client could not use; the host answers 500 and reports this to the user. */
export class FlowReplyError extends Error {
	constructor(problem: string) {
		super(`Invalid Flow answer: ${problem}`);
		this.name = 'FlowReplyError';
	}
}

/** The screen ID that closes a Flow; no screen may be called so. */
export const CLOSE_SCREEN = 'SUCCESS';
/** The token of a Flow sent without one (Meta's "Sending a Flow" page). */
const DEFAULT_FLOW_TOKEN = 'unused';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Meta's answer object for a reply: checked, and a close carries the request's flow token. */
export function answerObject(reply: FlowReply, flowToken: string | undefined): Record<string, unknown> {
	switch (reply.respondWith) {
		case 'screen': {
			if (typeof reply.screen !== 'string' || !reply.screen.trim()) throw new FlowReplyError('Screen is required: the ID of the next screen, as in the Flow JSON');
			if (reply.data !== undefined && !isObject(reply.data)) throw new FlowReplyError('the screen data must be a JSON object');
			if (reply.screen === CLOSE_SCREEN) return closeObject(extensionParams(reply.data), flowToken);
			const data = { ...(reply.data ?? {}), ...(reply.errorMessage ? { error_message: reply.errorMessage } : {}) };
			return { screen: reply.screen.trim(), data };
		}
		case 'close':
			if (reply.params !== undefined && !isObject(reply.params)) throw new FlowReplyError('the completion params must be a JSON object');
			return closeObject(reply.params, flowToken);
		case 'tokenNoLongerValid':
			if (!reply.message?.trim()) throw new FlowReplyError('a message for the user is required');
			return { error_msg: reply.message };
		case 'json': {
			if (!isObject(reply.body)) throw new FlowReplyError('the answer must be a JSON object such as {"screen": "NEXT", "data": {}}');
			const { screen, data } = reply.body;
			if (typeof screen !== 'string' || !screen) throw new FlowReplyError('the answer needs "screen": the ID of the next screen, or SUCCESS to close the Flow');
			if (data !== undefined && !isObject(data)) throw new FlowReplyError('"data" must be a JSON object');
			return screen === CLOSE_SCREEN ? closeObject(extensionParams(data), flowToken) : { ...reply.body };
		}
		default:
			throw new FlowReplyError(`unknown answer kind ${String((reply as { respondWith?: unknown }).respondWith)}`);
	}
}

/** The encrypted HTTP answer for a reply. */
export function answerFor(reply: FlowReply, flowToken: string | undefined, session: FlowSession): FlowAnswer {
	const body = sealFlowAnswer(JSON.stringify(answerObject(reply, flowToken)), session);
	return { status: reply.respondWith === 'tokenNoLongerValid' ? FLOW_STATUS.tokenNoLongerValid : FLOW_STATUS.ok, body };
}

function extensionParams(data: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
	const response = data?.extension_message_response;
	return isObject(response) && isObject(response.params) ? response.params : undefined;
}

/** The close of a Flow: `flow_token` is required, the request's unless the params name one. */
function closeObject(params: Record<string, unknown> | undefined, flowToken: string | undefined) {
	return {
		screen: CLOSE_SCREEN,
		data: { extension_message_response: { params: { flow_token: flowToken ?? DEFAULT_FLOW_TOKEN, ...(params ?? {}) } } },
	};
}
