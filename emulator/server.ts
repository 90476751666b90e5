import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CampaignSafety } from './campaign/safety';
import { EmulatorClock } from './clock';
import { describeFault, faultError, FaultPlan } from './faults';
import { FlowClient } from './flows/client';
import { FlowEvents } from './flows/events';
import { GraphError, invalidToken, unknownObject } from './graphError';
import { DroppedConnection, RawReply } from './rawReply';
import { TestUserReplies } from './replies';
import { registerRoutes } from './routes';
import { installLimits } from './limits';
import { EmulatorState } from './state';
import { NEXT_ROUTE, type ParsedRequest, type Route } from './routing';
import { WebhookDelivery } from './webhooks';

/**
 * Where other parts of the emulator hook in: rate limits (pacing), webhook events (statuses
 * after a send). Each is replaced by its own module; the defaults do nothing.
 */
export interface EmulatorHooks {
	/** Before a message is accepted; throws a GraphError (130429, 131056, 130403, 131064) to refuse it. */
	checkMessage(phoneNumberId: string, waId: string, body?: Record<string, unknown>): void;
	/** Before a management call (WABA endpoints); throws past the budget. Returns response headers. */
	checkManagementCall(request: ParsedRequest): Record<string, string> | void;
	/** After a message was accepted (status webhooks follow). */
	messageAccepted(message: import('./state').SentMessage): void;
}

export interface EmulatorOptions {
	port?: number;
	host?: string;
	/** The one access token the emulated account accepts. */
	token: string;
	appSecret: string;
	/** Messages per second per phone number before 130429 (80 by default; 1,000 for HIGH throughput). */
	mps?: number;
	/** Management calls per WABA per rolling hour before 80007 (by default 5,000 with a registered number, 200 without). */
	managementBudget?: number;
	/** The app's webhook callback URL, where events are POSTed. */
	callbackUrl?: string;
	/** The test user answers every message they receive (emulator/replies.ts), for demos. */
	autoReply?: boolean;
}

/** A local stand-in for graph.facebook.com: same paths, envelopes, codes and limits. */
export class GraphEmulator {
	readonly state = new EmulatorState();
	readonly clock = new EmulatorClock();
	/** Scripted failures (emulator/faults.ts). */
	readonly faults = new FaultPlan();
	readonly hooks: EmulatorHooks = { checkMessage() {}, checkManagementCall() {}, messageAccepted() {} };
	/** The rate limits (emulator/limits.ts): throughput, pair limit, management budget. */
	readonly limits = installLimits(this);
	/** Messaging limit, opt-outs, per-user marketing limit, blocked users (emulator/campaign/). */
	readonly campaign = new CampaignSafety(this);
	/** Signed webhook deliveries to the app's callback (emulator/webhooks.ts). */
	readonly webhooks = new WebhookDelivery(this);
	/** Test users answering the business's messages (emulator/replies.ts). */
	readonly replies = new TestUserReplies(this);
	/** A WhatsApp client that opens Flows against their endpoints (emulator/flows/client.ts). */
	readonly flowClient = new FlowClient(this);
	/** The `flows` webhook field's status changes (emulator/flows/events.ts). */
	readonly flowEvents = new FlowEvents(this);
	/** TCP connections clients opened since the last reset: whether they keep them open between requests. */
	connectionsOpened = 0;
	private server?: Server;
	private readonly routes: Route[] = [];
	private readonly controlRoutes: Route[] = [];

	constructor(readonly options: EmulatorOptions) {
		registerRoutes(this);
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | undefined;
		if (!address) throw new Error('The emulator is not listening');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', () => this.connectionsOpened++);
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
		});
		return this;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	reset() {
		this.connectionsOpened = 0;
		this.state.reset();
		this.clock.reset();
		this.faults.clear();
		this.limits.reset();
		this.webhooks.reset();
		this.replies.reset();
		this.flowClient.reset();
		this.campaign.reset();
	}

	/** Moves the emulator's time forward (media URL expiry, pair limit, hourly budgets); returns the new now. */
	advanceClock(ms: number): number {
		this.clock.advance(ms);
		return this.clock.now();
	}

	/** Adds a route below `/{version}`; the first route whose pattern matches answers. */
	route(method: string, pattern: RegExp, handle: Route['handle']) {
		this.routes.push({ method, pattern, handle });
	}

	/** Adds a test-control route outside Graph's paths (`/__emulator/...`), without the token check. */
	controlRoute(method: string, pattern: RegExp, handle: Route['handle']) {
		this.controlRoutes.push({ method, pattern, handle });
	}

	/** The phone number with this id, or Graph's error for an unknown object. */
	phoneNumber(id: string) {
		const number = this.state.phoneNumbers.get(id);
		if (!number) throw unknownObject(id);
		return number;
	}

	private async handle(req: IncomingMessage, res: ServerResponse) {
		const raw = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://emulator');
		const parsed: ParsedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: undefined,
			raw,
		};
		// The control API (/__emulator/...) is for tests on this machine: never faulted nor logged.
		const control = parsed.path.startsWith('/__emulator/');
		const fault = control ? undefined : this.faults.take(parsed.method, parsed.path);
		if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
		let status = 200;
		let answer: unknown;
		const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
		const cutBefore = fault && fault.kind !== 'slow' && !fault.after;
		try {
			if (control && !isLoopback(req)) throw new GraphError(10, 'Permission denied', 'The control API answers only on loopback.', 403);
			// Handlers may be async (a subscription's callback handshake is awaited, as Meta does).
			if (!cutBefore) answer = await this.dispatch(parsed, req, raw, headers);
			if (fault?.kind === 'error') throw faultError(fault);
		} catch (error) {
			const graphError = error instanceof GraphError ? error : new GraphError(1, 'An unknown error occurred', String(error), 500);
			status = graphError.httpStatus;
			Object.assign(headers, graphError.headers);
			answer = graphError.envelope();
		}
		const dropped = answer instanceof DroppedConnection;
		const silent = fault?.kind === 'timeout' || fault?.kind === 'reset' || dropped;
		if (silent) [status, answer] = [0, undefined];
		if (!control) {
			this.state.requests.push({
				method: parsed.method,
				path: parsed.path,
				query: parsed.query,
				headers: req.headers,
				body: parsed.body,
				status: answer instanceof RawReply ? answer.status : status,
				response: answer instanceof RawReply ? answer.summary() : answer,
				at: this.clock.now(),
				...(fault ? { fault: describeFault(fault) } : {}),
			});
		}
		if (fault?.kind === 'reset' || dropped) return void req.socket.destroy();
		if (fault?.kind === 'timeout') return; // held open until the client gives up or the emulator stops
		if (answer instanceof RawReply) {
			res.writeHead(answer.status, answer.headers);
			return void res.end(answer.body);
		}
		res.writeHead(status, headers);
		res.end(JSON.stringify(answer));
	}

	private dispatch(parsed: ParsedRequest, req: IncomingMessage, raw: Buffer, headers: Record<string, string>): unknown {
		const control = this.controlRoutes.find((r) => r.method === parsed.method && r.pattern.test(parsed.path));
		if (control) {
			parsed.body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
			return control.handle(control.pattern.exec(parsed.path)!, parsed);
		}
		const versioned = /^\/v(\d+)\.0(\/.*)$/.exec(parsed.path);
		if (!versioned) throw new GraphError(2500, 'Unknown path components: ' + parsed.path, undefined, 400, 'OAuthException');
		const version = Number(versioned[1]);
		if (version < 17) throw new GraphError(2635, `You are calling a deprecated version of the Graph API (v${version}.0). Please update to the latest version.`);
		// Meta's "Upload a file" page sends `OAuth <token>`, the rest of Graph `Bearer <token>`; both are taken.
		const auth = req.headers.authorization ?? '';
		if (auth !== `Bearer ${this.options.token}` && auth !== `OAuth ${this.options.token}`) throw invalidToken();
		if ((req.headers['content-type'] ?? '').startsWith('application/json') && raw.length) {
			try {
				parsed.body = JSON.parse(raw.toString('utf8'));
			} catch {
				throw new GraphError(100, 'Invalid parameter', 'The request body is not valid JSON.');
			}
		}
		const path = versioned[2];
		if (isManagementCall(path, this.state.wabaId)) Object.assign(headers, this.hooks.checkManagementCall({ ...parsed, path }) ?? {});
		for (const route of this.routes) {
			const match = route.method === parsed.method ? route.pattern.exec(path) : null;
			if (!match) continue;
			const answer = route.handle(match, { ...parsed, path, fullPath: parsed.path });
			if (answer !== NEXT_ROUTE) return answer;
		}
		// An id no area knows: Graph's "object does not exist" (code 100, subcode 33).
		const objectId = /^\/(\d+)(\/|$)/.exec(path)?.[1];
		if (objectId) throw unknownObject(objectId);
		throw new GraphError(100, `Unknown path components: ${path}`, undefined, 400, 'OAuthException');
	}
}

/** The WABA endpoints that count against the management budget (Meta's Graph API Rate Limiting page). */
function isManagementCall(path: string, wabaId: string): boolean {
	return new RegExp(`^/${wabaId}(/(phone_numbers|message_templates|subscribed_apps|assigned_users))?$`).test(path);
}

function isLoopback(req: IncomingMessage): boolean {
	return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(req.socket.remoteAddress ?? '');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export async function startEmulator(options: EmulatorOptions): Promise<GraphEmulator> {
	return new GraphEmulator(options).start();
}
