import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../nodes/shared/graph/client';
import { GraphApiError, UnexpectedResponseError } from '../../nodes/shared/graph/errors';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: 'good-token-123', appSecret: 'secret' });
});
afterAll(() => emulator.stop());

const client = (token: string, baseUrl = emulator.url) => new GraphClient({ transport: fetchTransport(token), baseUrl: `${baseUrl}/`, apiVersion: 'v24.0' });

describe('GraphClient', () => {
	it('pins every request to the version and sends JSON', async () => {
		const { data } = await client('good-token-123').request({ method: 'GET', path: '106540352242922', query: { fields: 'verified_name' } });
		expect(data).toEqual({ id: '106540352242922', verified_name: 'Flowpace Demo' });
		expect(emulator.state.requests.at(-1)!.path).toBe('/v24.0/106540352242922');
	});

	it('turns the error envelope into a typed error with code, HTTP status, hint and trace id', async () => {
		const error = await client('bad-token-456').request({ method: 'GET', path: '106540352242922' }).catch((e) => e);
		expect(error).toBeInstanceOf(GraphApiError);
		expect(error).toMatchObject({ code: 190, httpStatus: 401, retry: 'never' });
		expect(error.fbtraceId).toMatch(/\S+/);
		expect(error.message).toMatch(/^WhatsApp error 190: Access token invalid or expired\. .*Check the Access Token/);
		expect(error.message).not.toContain('bad-token-456');
	});

	it('names an unknown object', async () => {
		const error = await client('good-token-123').request({ method: 'GET', path: '999' }).catch((e) => e);
		expect(error).toMatchObject({ code: 100, httpStatus: 400 });
		expect(error.message).toContain("Object with ID '999' does not exist");
	});

	it('reports an answer that is not Graph JSON', async () => {
		const { createServer } = await import('node:http');
		const server = createServer((_req, res) => res.writeHead(502).end('<html>Bad gateway</html>')).listen(0, '127.0.0.1');
		await new Promise((resolve) => server.once('listening', resolve));
		const { port } = server.address() as { port: number };
		const error = await client('x', `http://127.0.0.1:${port}`).request({ method: 'GET', path: '1' }).catch((e) => e);
		server.close();
		expect(error).toBeInstanceOf(UnexpectedResponseError);
		expect(error.message).toBe('Unexpected answer from the Graph API (HTTP 502): <html>Bad gateway</html>');
	});

	it('reports a refused connection as not sent', async () => {
		// A port that was free a moment ago (fetch refuses the well-known ones such as 9 outright).
		const closed = createServer().listen(0, '127.0.0.1');
		await once(closed, 'listening');
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		const error = await client('x', `http://127.0.0.1:${port}`).request({ method: 'GET', path: '1' }).catch((e) => e);
		expect(error).toMatchObject({ name: 'TransportError', kind: 'connection', notSent: true });
	});
});
