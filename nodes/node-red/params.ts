import { isRequiredTemplateField } from '../shared/catalog/message/support/templateValues';
import type { AnyOperation, ParamSpec, ParamType } from '../shared/catalog/types';
import { ValidationError } from '../shared/graph/errors';
import type { MessageUtil, Node, NodeMessage } from './red';
import { withTemplateFields } from './templateFields';

/**
 * What the send and manage nodes save of their form: each field's value in `params` and, for a
 * field whose value is read per message, its typedInput type in `paramTypes`. Flows saved before
 * typed fields have no `paramTypes`: every value is the literal the form held.
 */
export interface FormConfig {
	params?: Record<string, unknown>;
	paramTypes?: Record<string, string>;
	/**
	 * Send Template's placeholders, one row each in the form (`body.first_name`, `header.image`,
	 * `button.0.url`: the keys of Template Parameters), typed as `params` are in `templateFieldTypes`.
	 */
	templateFields?: Record<string, unknown>;
	templateFieldTypes?: Record<string, string>;
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
 * One saved value for this message: a literal as saved, else msg, flow, global, env or JSONata read
 * now (undefined when it reads nothing).
 * @throws ValidationError naming the field when its expression cannot be evaluated.
 */
async function readValue(util: MessageUtil, node: Node, msg: NodeMessage, value: unknown, type: string | undefined, field: string) {
	const source = type ? PER_MESSAGE.get(type) : undefined;
	if (!type || !source) return { value, perMessage: false };
	try {
		return { value: await evaluate(util, node, msg, value, type), perMessage: true, source: source(String(value)) };
	} catch (error) {
		throw new ValidationError(field, `${source(String(value))} gave an error: ${(error as Error).message}`);
	}
}

/**
 * The form's values for one message: literals as saved, and each field set to msg, flow, global,
 * env or JSONata read now. A field that reads nothing (a missing msg property) is left empty, so
 * validation says a required field is required. A file field names a msg property: its name is the value.
 * Send Template's placeholder rows join Template Parameters (templateFields.ts) unless msg.payload's
 * `overrides` give the template's values.
 * @throws ValidationError naming the field when its expression cannot be evaluated.
 */
export async function resolveParams(util: MessageUtil, node: Node, msg: NodeMessage, operation: AnyOperation, config: FormConfig, overrides: Record<string, unknown> = {}) {
	const values: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(config.params ?? {})) {
		const spec = Object.hasOwn(operation.params, name) ? (operation.params[name] as ParamSpec) : undefined;
		if (!spec || spec.type === 'file') {
			values[name] = value;
			continue;
		}
		const read = await readValue(util, node, msg, value, config.paramTypes?.[name], `${spec.label} (${name})`);
		const resolved = read.perMessage ? coerce(spec.type, read.value) : read.value;
		if (!read.perMessage || !isEmpty(resolved)) values[name] = resolved;
	}
	// msg.payload's template values (an object, or a Cloud API message's components) replace the rows.
	const overridden = overrides.templateParameters !== undefined || overrides.components !== undefined;
	if (config.templateFields && !overridden && Object.hasOwn(operation.params, 'templateParameters')) {
		values.templateParameters = withTemplateFields(values.templateParameters, await readTemplateFields(util, node, msg, config));
	}
	return values;
}

/**
 * Send Template's placeholder rows for this message. A required placeholder read from the message
 * that reads nothing stops it: Meta would refuse the template's parameter count.
 * @throws ValidationError naming the placeholder.
 */
async function readTemplateFields(util: MessageUtil, node: Node, msg: NodeMessage, config: FormConfig) {
	const fields: Record<string, unknown> = {};
	for (const [id, value] of Object.entries(config.templateFields ?? {})) {
		const field = `Template Parameters (templateParameters.${id})`;
		const read = await readValue(util, node, msg, value, config.templateFieldTypes?.[id], field);
		if (read.perMessage && isEmpty(read.value) && isRequiredTemplateField(id)) throw new ValidationError(field, `${read.source} is empty; the template's placeholder needs a value`);
		fields[id] = read.value;
	}
	return fields;
}
