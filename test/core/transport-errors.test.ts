import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { NodeApiError, type IExecuteFunctions, type IHttpRequestOptions, type INode } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { n8nTransport } from '../../nodes/n8n/transport';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { sendText } from '../../nodes/shared/catalog/message/sendText';
import { normaliseSettings } from '../../nodes/shared/credentials';
import { GraphClient } from '../../nodes/shared/graph/client';
import { classifyGraphFailure } from '../../nodes/shared/graph/classify';
import { toTransportError, TransportError, type Transport } from '../../nodes/shared/graph/transport';
import { MaybeSentError } from '../../nodes/shared/pacing/errors';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { runOperation } from '../../nodes/shared/run';

/** A server that accepts connections and never answers; counts the requests that reached it. */
let silent: ReturnType<typeof createHttpServer>;
let silentUrl = '';
let received = 0;
/** A port that was free a moment ago and is closed again: a connection to it is refused. */
let closedUrl = '';

beforeAll(async () => {
	silent = createHttpServer(() => received++);
	await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
	silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
	const probe = createServer().listen(0, '127.0.0.1');
	await new Promise((resolve) => probe.once('listening', resolve));
	closedUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
	await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
	silent.closeAllConnections();
	await new Promise((resolve) => silent.close(resolve));
});

const node = { name: 'WhatsApp', type: 'whatsAppPlatform', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n1' } as INode;

/**
 * n8n's HTTP helper as it fails: the request over a real socket (axios inside n8n aborts a slow
 * answer with ECONNABORTED "timeout of … exceeded"), the error wrapped in NodeApiError.
 */
const n8nContext = {
	getNode: () => node,
	helpers: {
		httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) =>
			new Promise((resolve, reject) => {
				const req = httpRequest(options.url, { method: options.method, timeout: options.timeout }, (res) => resolve({ statusCode: res.statusCode, headers: res.headers, body: '' }));
				req.on('timeout', () => req.destroy(Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED' })));
				req.on('error', (error) => reject(new NodeApiError(node, error as never)));
				req.end();
			}),
	},
} as unknown as IExecuteFunctions;

const hosts: Array<[string, Transport]> = [
	['Node-RED (fetch)', fetchTransport('token')],
	['n8n (its HTTP helper)', n8nTransport(n8nContext, { accessToken: 'token' })],
];

const get = (transport: Transport, url: string) => transport({ method: 'GET', url: `${url}/v24.0/1`, headers: {}, timeoutMs: 300 }).catch((error: unknown) => error);

describe.each(hosts)('a failure below HTTP in %s', (_host, transport) => {
	it('reads a refused connection as never sent', async () => {
		const error = await get(transport, closedUrl);
		expect(error).toBeInstanceOf(TransportError);
		expect(error).toMatchObject({ kind: 'connection', notSent: true });
		expect((error as Error).message).toMatch(/^Could not reach the Graph API: .*ECONNREFUSED/);
	});

	it('reads a server that accepts and never answers as a timeout after which the request may have arrived', async () => {
		const before = received;
		const error = await get(transport, silentUrl);
		expect(error).toMatchObject({ name: 'TransportError', kind: 'timeout', notSent: false });
		expect((error as Error).message).toMatch(/^The Graph API did not answer in time/);
		expect(received).toBe(before + 1);
	});
});

describe('the classification both transports call', () => {
	it('finds the errno however deep the host nests it', () => {
		const nested = new Error('outer', { cause: new Error('middle', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND graph.example'), { code: 'ENOTFOUND' }) }) });
		expect(toTransportError(nested)).toMatchObject({ kind: 'connection', notSent: true });
		const both = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:443'), { code: 'ECONNREFUSED' })], 'fetch failed');
		expect(toTransportError(new TypeError('fetch failed', { cause: both }))).toMatchObject({ notSent: true });
		expect(toTransportError(Object.assign(new Error('getaddrinfo EAI_AGAIN graph.facebook.com'), { code: 'EAI_AGAIN' }))).toMatchObject({ notSent: true });
	});

	it('keeps a reset or anything unknown as possibly arrived', () => {
		expect(toTransportError(new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }))).toMatchObject({ kind: 'other', notSent: false });
		expect(toTransportError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toMatchObject({ kind: 'timeout', notSent: false });
		expect(toTransportError('socket hang up')).toMatchObject({ kind: 'other', notSent: false, message: 'Could not reach the Graph API: socket hang up' });
	});
});

describe('a message whose request may have arrived', () => {
	it('is sent once and never again: it fails saying it may have been delivered', async () => {
		const before = received;
		const account = normaliseSettings({ accessToken: 'token', phoneNumberId: '106540352242922', baseUrl: silentUrl });
		const client = new GraphClient({ transport: fetchTransport(account.accessToken), baseUrl: silentUrl, apiVersion: account.apiVersion, timeoutMs: 300 });
		const pacer = new Pacer({ now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), classify: classifyGraphFailure });
		const error = await runOperation(sendText, { to: '+16505551234', body: 'Your order shipped' }, { client, account, pacer }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MaybeSentError);
		expect((error as Error).message).toMatch(/did not answer in time.*may have been delivered: it is not retried/);
		// Time enough for a retry's backoff (500 ms): none came.
		await new Promise((resolve) => setTimeout(resolve, 700));
		expect(received).toBe(before + 1);
	});
});
