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
 * - the phone number's edges (registration, verification codes, business profile, call
 *   settings), media, groups and call signalling are not on the list: `none`.
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

export type ResourceName = 'message' | 'media' | 'template' | 'phoneNumber' | 'businessProfile' | 'analytics' | 'subscription' | 'group' | 'call';

/** Everything about one operation, declared once; both hosts derive their UI and behaviour from it. */
export interface OperationSpec<P = Record<string, unknown>> {
	resource: ResourceName;
	/** Stable id, part of saved workflows and flows. */
	operation: string;
	/** Title Case name in option lists: "Send Text". */
	label: string;
	/** Sentence-case action for n8n's node panel: "Send a text message". */
	action: string;
	help: string;
	/** A trap of the platform the form points out above the fields (24-hour window, approval, pacing). */
	notice?: string;
	params: ParamSpecs<P>;
	pacing: Pacing<P>;
	request: (params: P, account: AccountSettings) => GraphRequest;
	/** Checks between parameters that need the current time (UNIX ms); throws a ValidationError. */
	check?: (params: P, now: number) => void;
	/** A list: run.ts follows the paging cursors (see ListParams) and collects `data` across pages. */
	paginate?: boolean;
	/** Shapes the Graph answer into the output; the answer itself by default. An array means one item each. */
	output?: (data: unknown, params: P) => unknown;
	/**
	 * For operations of several calls (upload then send, URL then download): replaces request +
	 * output. `send` makes a Graph call the way run.ts makes every call (paced, retried when safe).
	 */
	run?: (params: P, context: RunContext, send: (request: GraphRequest, pacing?: Pacing<P>) => Promise<unknown>) => Promise<unknown>;
	/** Maps a full Cloud API object (as Node-RED's msg.payload may carry) onto parameter values. */
	fromCloudApi?: (payload: Record<string, unknown>) => Record<string, unknown> | undefined;
}

// The catalog holds operations of every parameter type; each is type-checked where it is defined.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = OperationSpec<any>;

/** Declares an operation with its parameter types inferred from the schemas. */
export function defineOperation<P>(spec: OperationSpec<P>): OperationSpec<P> {
	return spec;
}
