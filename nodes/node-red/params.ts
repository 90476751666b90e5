import type { AnyOperation, ParamSpec, ParamType } from '../shared/catalog/types';
import { ValidationError } from '../shared/graph/errors';
import type { MessageUtil, Node, NodeMessage } from './red';

/**
 * What the send and manage nodes save of their form: each field's value in `params` and, for a
 * field whose value is read per message, its typedInput type in `paramTypes`. Flows saved before
 * typed fields have no `paramTypes`: every value is the literal the form held.
 */
export interface FormConfig {
	params?: Record<string, unknown>;
	paramTypes?: Record<string, string>;
}

/** The typedInput types read per message; the literal types (str, num, bool, json) are the value as saved. */
const PER_MESSAGE = new Map<string, (value: string) => string>([
	['msg', (value) => `msg.${value}`],
	['flow', (value) => `flow.${value}`],
	['global', (value) => `global.${value}`],
	['env', (value) => `the environment variable ${value}`],
	['jsonata', () => 'the JSONata expression'],
]);

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/** Parameter types whose value is text: a number or boolean read from the message becomes its text. */
const TEXT_TYPES: ReadonlySet<ParamType> = new Set(['string', 'text', 'phoneNumberId', 'template', 'dateTime', 'options']);

/** A value read from the message, in the form the parameter's validation takes (as the form would give it). */
function coerce(type: ParamType, value: unknown): unknown {
	if (TEXT_TYPES.has(type) && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
	// An environment variable is text: "true" and "false" are what a boolean field means.
	if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	return value;
}

function evaluate(util: MessageUtil, node: Node, msg: NodeMessage, value: unknown, type: string): Promise<unknown> {
	// The callback form: JSONata evaluates asynchronously, and flow/global may live in an asynchronous store.
	return new Promise((resolve, reject) => {
		util.evaluateNodeProperty(value, type, node, msg, (error, result) => {
			// msg.customer.phone without msg.customer: missing, as msg.phone would be (a path that is not one is an Error).
			if (error instanceof TypeError && type === 'msg') resolve(undefined);
			else if (error) reject(error);
			else resolve(result);
		});
	});
}

/**
 * The form's values for one message: literals as saved, and each field set to msg, flow, global,
 * env or JSONata read now. A field that reads nothing (a missing msg property) is left empty, so
 * validation says a required field is required. A file field names a msg property: its name is the value.
 * @throws ValidationError naming the field when its expression cannot be evaluated.
 */
export async function resolveParams(util: MessageUtil, node: Node, msg: NodeMessage, operation: AnyOperation, config: FormConfig) {
	const values: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(config.params ?? {})) {
		const type = config.paramTypes?.[name];
		const spec = Object.hasOwn(operation.params, name) ? (operation.params[name] as ParamSpec) : undefined;
		const source = type ? PER_MESSAGE.get(type) : undefined;
		if (!spec || !type || !source || spec.type === 'file') {
			values[name] = value;
			continue;
		}
		let resolved: unknown;
		try {
			resolved = coerce(spec.type, await evaluate(util, node, msg, value, type));
		} catch (error) {
			throw new ValidationError(`${spec.label} (${name})`, `${source(String(value))} gave an error: ${(error as Error).message}`);
		}
		if (!isEmpty(resolved)) values[name] = resolved;
	}
	return values;
}
