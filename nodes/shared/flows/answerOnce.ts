import { FLOW_STATUS, type FlowAnswer } from './endpoint';

export interface AnswerOnceOptions {
	/** How long the flow has; the endpoint answers 500 when it passes. */
	timeLimitMs: number;
	/** The host's timer (n8n's sleep, Node-RED's setTimeout). */
	sleep: (ms: number) => Promise<void>;
	/** Writes the HTTP answer. */
	write: (answer: FlowAnswer) => void;
	/** A line without secrets for the host's log. */
	log: (message: string) => void;
}

/**
 * One request handed to the flow: the first answer wins, the flow's or the time limit's. An answer
 * after the limit is dropped (the client has its 500), and the endpoint goes on serving.
 */
export class FlowAnswerOnce {
	private done = false;

	constructor(private readonly options: AnswerOnceOptions) {
		void options.sleep(options.timeLimitMs).then(() => {
			if (this.answer({ status: FLOW_STATUS.error, body: '' })) {
				options.log(`the flow did not answer within ${options.timeLimitMs / 1000} s: answered 500`);
			}
		});
	}

	get answered(): boolean {
		return this.done;
	}

	/** Writes this answer unless one went out before; false when it came too late. */
	answer(answer: FlowAnswer): boolean {
		if (this.done) return false;
		this.done = true;
		this.options.write(answer);
		return true;
	}
}
