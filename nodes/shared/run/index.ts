import type { AccountSettings } from '../credentials';
import type { GraphRequest } from '../graph/client';
import { collectPages, type ListParams } from '../graph/paging';
import { ValidationError } from '../graph/errors';
import { countRefusals, guardSends } from '../campaign';
import { sendOutput } from '../catalog/support/outputs';
import type { AnyOperation, Pacing, ParamSpec } from '../catalog/types';
import { validateField } from '../validation/validate';
import { sendOnce } from '../scale/sendOnce';
import type { RunContext } from './context';
import { keysOf, pacedRequest } from './paced';
import { checkServiceWindow } from './serviceWindow';

const isEmpty = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Checks every parameter of an operation against the platform's limits, before any request.
 * Empty values take the account's default where the parameter has one, then the parameter's own.
 * @throws ValidationError naming the field, the problem and the limit.
 */
export function validateParams(operation: AnyOperation, values: Record<string, unknown>, account: AccountSettings) {
	const params: Record<string, unknown> = {};
	for (const [name, spec] of Object.entries(operation.params) as Array<[string, ParamSpec]>) {
		// A field hidden by the form (media link when sending from binary data) is neither read nor required.
		if (!isShown(operation, spec, values)) continue;
		let value = values[name];
		if (isEmpty(value) && spec.fromAccount) value = account[spec.fromAccount];
		if (isEmpty(value)) {
			if (spec.required) {
				const fallback = spec.fromAccount ? ` (or set it in the credential)` : '';
				throw new ValidationError(`${spec.label} (${name})`, `is required${fallback}`);
			}
			value = undefined;
		}
		params[name] = validateField(`${spec.label} (${name})`, spec.schemaFor?.(params) ?? spec.schema, value);
	}
	return params;
}

/** Whether a parameter's showWhen conditions hold for these values (or the other fields' defaults). */
function isShown(operation: AnyOperation, spec: ParamSpec, values: Record<string, unknown>) {
	return Object.entries(spec.showWhen ?? {}).every(([other, allowed]) => {
		const value = isEmpty(values[other]) ? (operation.params[other] as ParamSpec | undefined)?.default : values[other];
		return allowed.includes(value as string | boolean);
	});
}

/** Validates, sends and shapes one operation: the one path both hosts take. Messages pass the campaign guard. */
export function runOperation(operation: AnyOperation, values: Record<string, unknown>, context: RunContext) {
	return countRefusals(values, context, () => runChecked(operation, values, context));
}

async function runChecked(operation: AnyOperation, values: Record<string, unknown>, context: RunContext) {
	const params = validateParams(operation, values, context.account);
	operation.check?.(params, context.now?.() ?? Date.now());
	// A message under an Idempotency Key goes at most once: a key accepted before returns its answer then.
	if (context.once && operation.pacing.kind === 'message') {
		const shape = (answer: unknown) => (!operation.run && operation.output ? operation.output(answer, params) : answer);
		return sendOnce({ sleep: context.sleep, ...context.once, to: typeof params.to === 'string' ? params.to : undefined }, (guard) => perform(operation, values, params, { ...context, guard }), shape);
	}
	return perform(operation, values, params, context);
}

/** Sends and shapes a validated operation (`values`: as given, for the campaign guard). */
async function perform(operation: AnyOperation, values: Record<string, unknown>, params: Record<string, unknown>, context: RunContext) {
	// Each page of a list is its own paced call: each counts against the management budget.
	// A step of a multi-call operation may count otherwise (an upload before a send is no message).
	const send = guardSends(context, values, (page: GraphRequest, pacing: Pacing<unknown> = operation.pacing) => pacedRequest(context, page, keysOf(pacing, params, context.account)));
	const template = await checkServiceWindow(params, context);
	if (template) return { ...sendOutput(await send(template)), sentTemplateInstead: true };
	if (operation.run) return operation.run(params, context, send);
	const request = operation.request(params, context.account);
	const data = operation.paginate ? await collectPages(send, request, params as unknown as ListParams) : await send(request);
	return operation.output ? operation.output(data, params) : data;
}
