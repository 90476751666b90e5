import { GraphError } from './graphError';

/**
 * Scripted failures, matched per request by method and path: a Graph error (any code, with its
 * HTTP status), a timeout (never answers), a connection reset, or a slow answer. With `after`, the
 * request is processed first (the message is sent) and only the answer is lost or replaced: the
 * case that makes a careless retry send a message twice.
 */
export type FaultKind = 'error' | 'timeout' | 'reset' | 'slow';

export interface FaultSpec {
	kind: FaultKind;
	/** A regular expression (or its source) tested against the request path, e.g. `/messages$`. */
	path: RegExp | string;
	/** GET, POST, DELETE; any method when left out. */
	method?: string;
	/** How many matching requests fail (1 by default; Infinity for all). */
	times?: number;
	/** For `error`: the Graph error code (131000 by default), its HTTP status and details. */
	code?: number;
	httpStatus?: number;
	details?: string;
	/** For `slow`: the delay before the normal answer (1,000 ms by default). */
	delayMs?: number;
	/** Process the request, then fail the answer (for `error`, `timeout` and `reset`). */
	after?: boolean;
}

export interface Fault extends FaultSpec {
	id: number;
	pattern: RegExp;
	remaining: number;
	hits: number;
}

/** Meta's titles and HTTP statuses for the codes a fault is most often scripted with (Meta's Error codes page). */
const KNOWN: Record<number, [string, number]> = {
	0: ['AuthException', 401],
	1: ['An unknown error occurred', 500],
	2: ['Service temporarily unavailable', 503],
	3: ['Capability or permissions issue', 500],
	4: ['Application request limit reached', 400],
	10: ['Application does not have permission for this action', 403],
	100: ['Invalid parameter', 400],
	190: ['Invalid OAuth access token', 401],
	200: ['Permission denied', 403],
	368: ['Temporarily blocked for policies violations', 403],
	80007: ['Rate limit issues', 400],
	130429: ['Rate limit hit', 400],
	131000: ['Something went wrong', 500],
	131016: ['Service unavailable', 500],
	131026: ['Message undeliverable', 400],
	131047: ['Re-engagement message', 400],
	131048: ['Spam rate limit hit', 400],
	131056: ['(Business Account, Consumer Account) pair rate limit hit', 400],
	131057: ['Account in maintenance mode', 500],
	132001: ['Template name does not exist in the translation', 404],
	133004: ['Server temporarily unavailable', 503],
	134101: ['Template is still syncing', 400],
};

/** The Graph error Meta answers with for `code`, with its title and HTTP status. */
function graphErrorFor(code: number, details?: string, httpStatus?: number): GraphError {
	const [title, status] = KNOWN[code] ?? ['An error occurred', code >= 200 && code <= 299 ? 403 : 400];
	return new GraphError(code, title, details, httpStatus ?? status);
}

const KINDS: FaultKind[] = ['error', 'timeout', 'reset', 'slow'];

export class FaultPlan {
	private faults: Fault[] = [];
	private nextId = 1;

	/** Scripts a fault; throws on a spec that could never match as meant. */
	add(spec: FaultSpec): Fault {
		if (!KINDS.includes(spec.kind)) throw new Error(`Fault kind must be one of ${KINDS.join(', ')}`);
		const times = spec.times ?? 1;
		if (!(times >= 1)) throw new Error('Fault times must be at least 1');
		if (spec.kind === 'slow' && spec.after)
			throw new Error('A slow fault always answers normally; after does not apply');
		const pattern = spec.path instanceof RegExp ? spec.path : new RegExp(spec.path);
		const fault: Fault = {
			...spec,
			method: spec.method?.toUpperCase(),
			id: this.nextId++,
			pattern,
			remaining: times,
			hits: 0,
		};
		this.faults.push(fault);
		return fault;
	}

	clear() {
		this.faults = [];
	}

	/** Faults still to hit, for the control API. */
	pending() {
		return this.faults.map(({ pattern, ...fault }) => ({
			...fault,
			path: typeof fault.path === 'string' ? fault.path : pattern.source,
		}));
	}

	/** The first fault matching this request, used up by one. */
	take(method: string, path: string): Fault | undefined {
		const fault = this.faults.find((f) => (!f.method || f.method === method) && f.pattern.test(path));
		if (!fault) return undefined;
		fault.hits++;
		if (--fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
		return fault;
	}
}

/** How the request log names what a fault did. */
export function describeFault(fault: Fault): string {
	const what =
		fault.kind === 'error'
			? `error ${fault.code ?? 131000}`
			: fault.kind === 'slow'
				? `slow ${fault.delayMs ?? 1000}ms`
				: fault.kind;
	return fault.after ? `${what} after processing` : what;
}

/** The error answer an `error` fault gives. */
export function faultError(fault: Fault): GraphError {
	return graphErrorFor(fault.code ?? 131000, fault.details, fault.httpStatus);
}
