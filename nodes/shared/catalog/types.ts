import type { z } from 'zod';
import type { AccountSettings } from '../credentials';
import type { GraphRequest } from '../graph/client';
import type { RunContext } from '../run/context';

/** How a parameter is entered; each host renders these the same way. */
export type ParamType =
	| 'string'
	| 'text'
	| 'number'
	| 'boolean'
	| 'options'
	| 'json'
	| 'phoneNumberId'
	| 'dateTime'
	/** Where the flow holds a file: n8n binary property name, Node-RED msg property. */
	| 'file'
	/** An approved message template, picked from the account's list or typed as name|language. */
	| 'template'
	/** Values for the chosen template's placeholders, keyed by component (see message/template/). */
	| 'templateParameters';

export interface ParamOption {
	value: string;
	label: string;
	help?: string;
}

/** One parameter of an operation: its form field in both hosts and its validation. */
export interface ParamSpec<T = unknown> {
	label: string;
	type: ParamType;
	help: string;
	required?: boolean;
	default?: string | number | boolean;
	placeholder?: string;
	options?: ParamOption[];
	/** Show the field only when other parameters have one of these values. */
	showWhen?: Record<string, Array<string | boolean>>;
	/** When left empty, take this field of the account (credential or config node). */
	fromAccount?: keyof AccountSettings;
	schema: z.ZodType<T, z.ZodTypeDef, unknown>;
	/** When the rule depends on fields declared before this one (a phone number or a group ID): replaces `schema`. */
	schemaFor?: (earlier: Record<string, unknown>) => z.ZodType<T, z.ZodTypeDef, unknown>;
}

export type ParamSpecs<P> = { [K in keyof P]-?: ParamSpec<P[K]> };

/**
 * Which rate limits a call counts against, by keys read from its parameters.
 *
 * Messages (`/{phone-number-id}/messages`, `/marketing_messages`, group pins): the sending number
 * and the recipient or group (Meta's "Throughput" and "Pair rate limits" pages).
 *
 * Management calls: the per-app, per-WABA hourly budget. Meta's "About the platform" page lists
 * GET /{waba-id}, /{waba-id}/assigned_users, GET /{waba-id}/phone_numbers,
 * /{waba-id}/message_templates, /{waba-id}/subscribed_apps and
 * GET /{waba-to-number-current-status-id}, which is GET /{phone-number-id}. Analytics read
 * GET /{waba-id}?fields=…, so they count. Where the page is silent:
 * - a template read or edit by its ID is template management: counted under the account's WABA;
 * - another method on a listed node (POST /{waba-id} for template insights, POST
 *   /{phone-number-id} for the PIN): counted, since a call counted once too often only waits a
 *   little earlier, while a call missed can cost an 80007;
 * - the Flows API (`/{waba-id}/flows`, a Flow by its ID and its edges): counted under the WABA,
 *   as templates are (catalog/flow/support/params.ts);
 * - the phone number's edges (registration, verification codes, business profile, call
 *   settings, the Official Business Account request, the Flows business public key), media,
 *   groups and call signalling are not on the list: `none`; nor are calls on other nodes: a
 *   Business portfolio's WABA lists, the app's Resumable Upload sessions, the Marketing API
 *   Insights of a template's ad entities.
 * A management call whose WABA is unknown (an account without a WABA ID) is counted nowhere.
 */
export type Pacing<P> =
	/** A message: the sending number's throughput and its pair limit with the recipient (a phone number or a group). */
	| { kind: 'message'; number: (params: P) => string; recipient: (params: P) => string }
	/** A management call: the hourly budget of this WABA (from the parameters, or the account's). */
	| { kind: 'management'; waba: (params: P, account: AccountSettings) => string }
	/** A read the platform limits per number and second, named for the error when the wait is too long. */
	| { kind: 'lookup'; number: (params: P) => string; perSecond: number; what: string }
	| { kind: 'none' };

/** Everything about one operation, declared once; both hosts derive their UI and behaviour from it. */
interface OperationBase<P> {
	/** Stable id, saved in workflows and flows (README: "Change a parameter without breaking saved workflows and flows"). */
	operation: string;
	/** Title Case name in option lists: "Send Text". */
	label: string;
	/** Sentence-case action for n8n's node panel: "Send a text message". */
	action: string;
	help: string;
	/** A trap of the platform the form points out above the fields (24-hour window, approval, pacing). */
	notice?: string;
	/** The form's fields, in the order both hosts show them. */
	params: ParamSpecs<P>;
	pacing: Pacing<P>;
	/** Checks between parameters that need the current time (UNIX ms); throws a ValidationError. */
	check?: (params: P, now: number) => void;
	/**
	 * Maps a full Cloud API object (as Node-RED's msg.payload may carry) onto parameter values;
	 * undefined when the object is not the one this operation sends.
	 */
	fromCloudApi?: (payload: Record<string, unknown>) => Record<string, unknown> | undefined;
	/** The host waits for the recipient's answer after the send and continues with it (Send and Wait for Reply). */
	waitsForReply?: boolean;
	/**
	 * A send of one message type: what it sends, in the words of an error ("text", "reply buttons"),
	 * so that a message object of another type is named as such rather than read as parameters.
	 */
	sends?: string;
}

/** One Graph call: run.ts sends `request`, follows the pages of a list, and shapes the answer. */
export interface RequestOperation<P> extends OperationBase<P> {
	request: (params: P, account: AccountSettings) => GraphRequest;
	/** A list: run.ts follows the paging cursors (see ListParams) and collects `data` across pages. */
	paginate?: boolean;
	/** Shapes the Graph answer into the output; the answer itself by default. An array means one item each. */
	output?: (data: unknown, params: P) => unknown;
	run?: never;
}

/**
 * Several calls (upload then send, URL then download): `run` makes them and shapes the output.
 * `send` makes a Graph call the way run.ts makes every call (paced, retried when safe).
 */
export interface RunOperation<P> extends OperationBase<P> {
	run: (params: P, context: RunContext, send: (request: GraphRequest, pacing?: Pacing<P>) => Promise<unknown>) => Promise<unknown>;
	request?: never;
	paginate?: never;
	output?: never;
}

/** An operation is either one request or a run of several, never both. */
export type OperationSpec<P = Record<string, unknown>> = RequestOperation<P> | RunOperation<P>;

// The catalog holds operations of every parameter type; each is type-checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = OperationSpec<any>;

/** Declares an operation, typed by its parameters: one request, or a run of several calls. */
export function defineOperation<P>(spec: RequestOperation<P>): RequestOperation<P>;
export function defineOperation<P>(spec: RunOperation<P>): RunOperation<P>;
export function defineOperation<P>(spec: OperationSpec<P>): OperationSpec<P> {
	return spec;
}

/** An operation as the catalog holds it: stamped with the resource that lists it. */
export type CatalogOperation = AnyOperation & { resource: string };

/** The nodes that offer a resource: n8n's action node, Node-RED's send node, Node-RED's manage node. */
export type OfferingNode = 'n8n' | 'node-red-send' | 'node-red-manage';

/** One resource, declared once: what the hosts list, where they offer it, its operations in order. */
export interface ResourceSpec<Name extends string = string> {
	/** Stable id, part of saved workflows and flows. */
	name: Name;
	label: string;
	help: string;
	/** A trap of the platform that holds for every operation of the resource, shown above their fields. */
	notice?: string;
	offeredBy: readonly OfferingNode[];
	/** In the order the operation lists show them; n8n preselects the first. */
	operations: readonly CatalogOperation[];
}

/** Declares a resource; its operations are stamped with its name, so no operation file repeats it. */
export function defineResource<const Name extends string>(resource: Omit<ResourceSpec<Name>, 'operations'> & { operations: AnyOperation[] }): ResourceSpec<Name> {
	return { ...resource, operations: resource.operations.map((operation) => ({ ...operation, resource: resource.name })) };
}
