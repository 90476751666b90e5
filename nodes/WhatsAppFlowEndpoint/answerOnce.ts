import { sleep, type IWebhookFunctions } from 'n8n-workflow';
import { FLOW_STATUS, FlowAnswerOnce, type FlowAnswer } from '../shared/flows';

type WebhookResponse = ReturnType<IWebhookFunctions['getResponseObject']>;

/** Writes an answer of the endpoint: its status and plain text. */
export function writeAnswer(res: WebhookResponse, answer: FlowAnswer) {
	res.status(answer.status).type('text/plain').send(answer.body);
}

/**
 * The request's response, answered once within the time limit (the core's FlowAnswerOnce). n8n
 * answers a request of a `responseNode` webhook itself when its workflow ends: with the Respond to
 * WhatsApp Flow node's text (sent as is), else with JSON of its own (a failed run, or a run that
 * ended without answering), which the client could not read: that becomes a 500. After the
 * first answer, whatever n8n writes later (after the time limit) is dropped.
 */
export function answerWithin(res: WebhookResponse, timeLimitMs: number, log: (message: string) => void): void {
	let writing = false;
	const original = { send: res.send, end: res.end, setHeader: res.setHeader, setHeaders: res.setHeaders };
	const once = new FlowAnswerOnce({
		timeLimitMs,
		sleep,
		log,
		write: (answer) => {
			writing = true;
			try {
				res.statusCode = answer.status;
				original.setHeader.call(res, 'content-type', 'text/plain; charset=utf-8');
				original.send.call(res, answer.body);
			} finally {
				writing = false;
			}
		},
	});
	const quiet = <F extends (...args: never[]) => unknown>(fn: F) =>
		function (this: unknown, ...args: Parameters<F>) {
			return once.answered && !writing ? res : fn.apply(res, args);
		} as unknown as F;
	res.setHeader = quiet(original.setHeader);
	res.setHeaders = quiet(original.setHeaders);
	res.end = quiet(original.end);
	res.send = function (body?: unknown) {
		if (writing) return original.send.call(res, body);
		if (!once.answered) {
			if (typeof body === 'string') once.answer({ status: res.statusCode, body });
			else refuse(res.statusCode);
		}
		return res;
	} as WebhookResponse['send'];
	res.json = function () {
		if (!once.answered) refuse(res.statusCode);
		return res;
	} as WebhookResponse['json'];

	function refuse(status: number) {
		once.answer({ status: FLOW_STATUS.error, body: '' });
		log(status >= 500 ? 'the workflow failed before answering: answered 500' : 'the workflow ended without a Respond to WhatsApp Flow node: answered 500');
	}
}
