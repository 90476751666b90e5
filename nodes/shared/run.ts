import type { AccountSettings } from './credentials';
import type { GraphClient } from './graph/client';
import { ValidationError } from './graph/errors';
import type { AnyOperation } from './catalog/types';
import { validateField } from './validation/validate';

/** What a host gives the core to run an operation. */
export interface RunContext {
	client: GraphClient;
	account: AccountSettings;
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Checks every parameter of an operation against the platform's limits, before any request.
 * Empty values take the account's default where the parameter has one, then the parameter's own.
 * @throws ValidationError naming the field, the problem and the limit.
 */
export function validateParams(operation: AnyOperation, values: Record<string, unknown>, account: AccountSettings) {
	const params: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(operation.params)) {
		let value = values[name];
		if (isEmpty(value) && spec.fromAccount) value = account[spec.fromAccount];
		if (isEmpty(value)) {
			if (spec.required) {
				const fallback = spec.fromAccount ? ` (or set it in the credential)` : '';
				throw new ValidationError(`${spec.label} (${name})`, `is required${fallback}`);
			}
			value = undefined;
		}
		params[name] = validateField(`${spec.label} (${name})`, spec.schema, value);
	}
	return params;
}

/** Validates, sends and shapes one operation: the one path both hosts take. */
export async function runOperation(operation: AnyOperation, values: Record<string, unknown>, context: RunContext) {
	const params = validateParams(operation, values, context.account);
	const response = await context.client.request(operation.request(params, context.account));
	return operation.output ? operation.output(response.data, params) : response.data;
}
