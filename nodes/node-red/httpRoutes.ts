import type { IncomingMessage, ServerResponse } from 'node:http';

/** The express app behind `RED.httpNode` (express 4 in Node-RED 4.x and 5.0.x). */
export interface HttpNodeApp {
	get(path: string, ...handlers: RouteHandler[]): void;
	post(path: string, ...handlers: RouteHandler[]): void;
	_router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
}

export type RouteRequest = IncomingMessage & { query: Record<string, unknown>; rawBody?: Buffer };
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

/** Reads the body as raw bytes, up to `limit`; past it answers 413 and reads no further. */
export function rawBody(limit: number): RouteHandler {
	return (req, res, next) => {
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
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (done) return;
			done = true;
			req.rawBody = Buffer.concat(chunks);
			next();
		});
		req.on('error', (error) => {
			if (!done) next(error);
			done = true;
		});
	};
}
