import { randomBytes } from 'node:crypto';

/**
 * Meta's error envelope. The emulator's checks are written apart from the package's own
 * validation on purpose: it is the oracle the package is tested against, so it must not share
 * the code it judges.
 */
export class GraphError extends Error {
	/** Headers the error answer carries (the usage header of a throttled call). */
	headers?: Record<string, string>;

	constructor(
		readonly code: number,
		readonly title: string,
		readonly details?: string,
		readonly httpStatus = 400,
		readonly type = 'OAuthException',
		readonly subcode?: number,
	) {
		super(`(#${code}) ${title}`);
	}

	envelope() {
		return {
			error: {
				message: this.message,
				type: this.type,
				code: this.code,
				...(this.details ? { error_data: { messaging_product: 'whatsapp', details: this.details } } : {}),
				...(this.subcode ? { error_subcode: this.subcode } : {}),
				fbtrace_id: randomBytes(9).toString('base64url'),
			},
		};
	}
}

export const invalidToken = () =>
	new GraphError(190, 'Invalid OAuth access token - Cannot parse access token', undefined, 401);

export const invalidParameter = (details: string) => new GraphError(100, 'Invalid parameter', details);

export const unknownObject = (id: string) =>
	new GraphError(
		100,
		`Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
		undefined,
		400,
		'GraphMethodException',
		33,
	);
