/** A send would wait longer for its rate-limit slot than the configured maximum. */
export class PacingWaitError extends Error {
	constructor(
		readonly neededMs: number,
		readonly maxWaitMs: number,
		readonly limit: string,
		override readonly cause?: unknown,
	) {
		super(
			`Waiting for the ${limit} would take ${seconds(neededMs)}, more than the maximum wait of ` +
				`${seconds(maxWaitMs)} (Max Wait in the credential or config node): not sent.` +
				(cause instanceof Error ? ` Last answer: ${cause.message}` : ''),
		);
		this.name = 'PacingWaitError';
	}
}

/** A message request failed after it was sent: the platform may have accepted it, so no retry. */
export class MaybeSentError extends Error {
	constructor(override readonly cause: Error) {
		super(
			`${cause.message}. The request was sent, so the message may have been delivered: it is not ` +
				'retried, to avoid sending it twice. Check the status webhooks or the chat before sending again.',
		);
		this.name = 'MaybeSentError';
	}
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
