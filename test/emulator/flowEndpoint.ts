import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { answerFor, receiveFlowRequest, type EndpointKeys, type FlowReply, type FlowRequest } from '../../nodes/shared/flows';

/**
 * A Flow endpoint for the emulator's tests, made of the package's core: it answers health checks
 * and error notifications itself and asks `reply` for the rest. `keys` may change between tests.
 */
export function useFlowEndpoint(initialKeys: EndpointKeys) {
	let server: Server;
	const endpoint = {
		url: '',
		keys: initialKeys,
		requests: [] as FlowRequest[],
		logs: [] as string[],
		reply: (request: FlowRequest): FlowReply => ({ respondWith: 'screen', screen: 'APPOINTMENT', data: { echo: request.data } }),
	};
	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const received = receiveFlowRequest(Buffer.concat(chunks), req.headers['x-hub-signature-256'], endpoint.keys);
				let answer = received.kind === 'answered' ? received.answer : undefined;
				if (received.kind === 'answered' && received.log) endpoint.logs.push(received.log);
				if (received.kind === 'request') {
					endpoint.requests.push(received.request);
					answer = answerFor(endpoint.reply(received.request), received.request.flowToken, received.session);
				}
				res.writeHead(answer!.status, { 'content-type': 'text/plain' }).end(answer!.body);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flow`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return endpoint;
}
