import type { IncomingMessage, ServerResponse } from 'node:http';

/** The express app behind `RED.httpNode` (express 4 in Node-RED 4.x and 5.0.x). */
export interface HttpNodeApp {
	get(path: string, ...handlers: RouteHandler[]): void;
	post(path: string, ...handlers: RouteHandler[]): void;
	use?(handler: RouteHandler): void;
	/** Set once the app is mounted on another (Node-RED mounts httpNode on its root app). */
	parent?: HttpNodeApp;
	_router?: { stack: Array<{ handle?: unknown; route?: { path: string; methods: Record<string, boolean> } }> };
}

export type RouteRequest = IncomingMessage & { query: Record<string, unknown>; rawBody?: Buffer; _body?: boolean; _parsedUrl?: { pathname?: string } };
export type RouteResponse = ServerResponse & {
	status(code: number): RouteResponse;
	type(type: string): RouteResponse;
	send(body?: unknown): void;
};
export type RouteHandler = (req: RouteRequest, res: RouteResponse, next: (error?: unknown) => void) => void;

/**
 * Removes the routes a node added, as core's HTTP In node does on close. It reaches into
 * express 4's `_router.stack`; kept in this one helper because express 5 renames it.
 */
export function removeRoutes(app: HttpNodeApp, path: string, methods: readonly string[]) {
	const stack = app._router?.stack;
	if (!stack) return;
	for (let i = stack.length - 1; i >= 0; i--) {
		const route = stack[i].route;
		if (route && route.path === path && methods.some((method) => route.methods[method])) stack.splice(i, 1);
	}
}

/** Told when a body passes its route's limit (after the 413 went out), to log it. */
export type OnTooLarge = (bytes: number) => void;

/** Reads a request's bytes up to `limit`; past it answers 413 and reads no further. */
function readRaw(req: RouteRequest, res: RouteResponse, limit: number, next: (error?: unknown) => void, onTooLarge?: OnTooLarge) {
	const chunks: Buffer[] = [];
	let size = 0;
	let done = false;
	req.on('data', (chunk: Buffer) => {
		if (done) return;
		size += chunk.length;
		if (size > limit) {
			done = true;
			res.status(413).type('text/plain').send('Payload Too Large');
			req.resume();
			onTooLarge?.(size);
			return;
		}
		chunks.push(chunk);
	});
	req.on('end', () => {
		if (done) return;
		done = true;
		req.rawBody = Buffer.concat(chunks);
		// Tells body-parser the body was read, so no later parser waits for it.
		req._body = true;
		next();
	});
	req.on('error', (error) => {
		if (!done) next(error);
		done = true;
	});
}

/** Route middleware: the raw body, unless the root-app capture below already read it. */
export function rawBody(limit: number, onTooLarge?: OnTooLarge): RouteHandler {
	return (req, res, next) => (req.rawBody ? next() : readRaw(req, res, limit, next, onTooLarge));
}

const rawPosts = new Map<string, { limit: number; onTooLarge?: OnTooLarge }>();
const captureRawPosts: RouteHandler = (req, res, next) => {
	const path = (req._parsedUrl?.pathname ?? new URL(req.url ?? '/', 'http://x').pathname).replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
	const route = req.method === 'POST' ? rawPosts.get(path) : undefined;
	if (route === undefined || req.rawBody) return next();
	readRaw(req, res, route.limit, next, route.onTooLarge);
};

/**
 * In a Node-RED server, httpNode is mounted on the root app after the admin app, whose JSON
 * parser would consume a webhook's body first. Like core's HTTP In node (raw option), read the
 * raw bytes of these POST paths in a middleware at the top of the root app. Returns the release.
 */
export function captureRawBodies(app: HttpNodeApp, fullPath: string, limit: number, onTooLarge?: OnTooLarge): () => void {
	let root = app;
	while (root.parent) root = root.parent;
	const stack = root._router?.stack;
	if (root !== app && stack && root.use && !stack.some((layer) => layer.handle === captureRawPosts)) {
		root.use(captureRawPosts);
		const index = stack.findIndex((layer) => layer.handle === captureRawPosts);
		stack.unshift(stack.splice(index, 1)[0]);
	}
	rawPosts.set(fullPath, { limit, onTooLarge });
	return () => rawPosts.delete(fullPath);
}
