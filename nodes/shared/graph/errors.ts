import { errorCodeInfo, type RetryAdvice } from './errorCodes';

/** The `error` object of Graph's error envelope. */
export interface GraphErrorBody {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	error_data?: { details?: string; messaging_product?: string };
	error_user_title?: string;
	error_user_msg?: string;
	fbtrace_id?: string;
}

/**
 * An error answered by the Graph API, keyed by its code. The message is what a user reads:
 * the code, what it means, Meta's details and what to do.
 */
export class GraphApiError extends Error {
	readonly code: number;
	readonly subcode?: number;
	readonly httpStatus: number;
	readonly details?: string;
	readonly fbtraceId?: string;
	readonly title: string;
	readonly hint: string;
	readonly retry: RetryAdvice;
	/** The answer's headers (lower case): X-Business-Use-Case-Usage says when to retry. */
	readonly headers: Record<string, string>;

	constructor(
		httpStatus: number,
		body: GraphErrorBody,
		headers: Record<string, string> = {},
		/** The whole answer, for the calls whose error comes beside results (Block users: 139100 with the users that failed). */
		readonly answer?: unknown,
	) {
		const code = typeof body.code === 'number' ? body.code : 0;
		const info = errorCodeInfo(code);
		const metaSays = body.error_data?.details ?? body.error_user_msg ?? stripCodePrefix(body.message);
		super(
			[`WhatsApp error ${code}: ${info.title}.`, metaSays ? `${metaSays}.`.replace(/\.\.$/, '.') : '', info.hint]
				.filter(Boolean)
				.join(' '),
		);
		this.name = 'GraphApiError';
		this.code = code;
		this.subcode = body.error_subcode;
		this.httpStatus = httpStatus;
		this.details = metaSays;
		this.fbtraceId = body.fbtrace_id;
		this.title = info.title;
		this.hint = info.hint;
		this.retry = info.retry;
		this.headers = headers;
	}

	/** What a flow can branch on, without the stack. */
	toJSON() {
		return {
			code: this.code,
			subcode: this.subcode,
			httpStatus: this.httpStatus,
			title: this.title,
			details: this.details,
			hint: this.hint,
			fbtraceId: this.fbtraceId,
		};
	}
}

function stripCodePrefix(message: string | undefined): string | undefined {
	return message?.replace(/^\(#\d+\)\s*/, '');
}

/** A parameter that fails the platform's limits, caught before any request is made. */
export class ValidationError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`Invalid ${field}: ${problem}`);
		this.name = 'ValidationError';
	}
}

/** An answer that is not what the Graph API answers (not JSON, no envelope). */
export class UnexpectedResponseError extends Error {
	constructor(
		readonly httpStatus: number,
		snippet: string,
	) {
		super(`Unexpected answer from the Graph API (HTTP ${httpStatus}): ${snippet.slice(0, 200)}`);
		this.name = 'UnexpectedResponseError';
	}
}
