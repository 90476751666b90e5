/**
 * The part of Node-RED's runtime API these nodes use. node-red ships no type declarations, and
 * the package must not depend on it at runtime.
 */
export interface NodeMessage {
	_msgid?: string;
	payload?: unknown;
	topic?: string;
	[key: string]: unknown;
}

export interface NodeStatus {
	fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
	shape?: 'ring' | 'dot';
	text?: string;
}

export interface Node {
	id: string;
	name?: string;
	credentials: Record<string, string | undefined>;
	on(event: 'input', handler: (msg: NodeMessage, send: (msg: NodeMessage | Array<NodeMessage | NodeMessage[] | null>) => void, done: (err?: Error) => void) => void): void;
	on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
	status(status: NodeStatus): void;
	log(message: string): void;
	warn(message: string): void;
	error(message: string | Error, msg?: NodeMessage): void;
	send(msg: NodeMessage | NodeMessage[]): void;
}

export interface Request {
	params: Record<string, string>;
	query: Record<string, string>;
	body?: unknown;
}

export interface Response {
	json(body: unknown): void;
	status(code: number): Response;
	send(body?: unknown): void;
}

type Handler = (req: Request, res: Response) => void;

/** A node's constructor, whatever node and config it types (Node-RED calls it with `new`). */
type NodeConstructor = (this: never, config: never) => void;

/** Node-RED's helpers for a typedInput's value and for msg property paths (`payload.file`). */
export interface MessageUtil {
	evaluateNodeProperty(value: unknown, type: string, node: Node, msg: NodeMessage, callback: (error: Error | null, result?: unknown) => void): void;
	getMessageProperty(msg: NodeMessage, path: string): unknown;
	setMessageProperty(msg: NodeMessage, path: string, value: unknown, createMissing: boolean): void;
}

export interface RED {
	nodes: {
		createNode(node: object, config: object): void;
		registerType(type: string, constructor: NodeConstructor, options?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
		getNode(id: string): unknown;
	};
	httpAdmin: { get(path: string, permission: unknown, handler: Handler): void; post(path: string, permission: unknown, handler: Handler): void };
	auth: { needsPermission(permission: string): unknown };
	util: MessageUtil;
	log: { info(message: string): void; warn(message: string): void };
}
