import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

type Json = Record<string, any>;

/**
 * A webhook callback for tests: records every POSTed body and answers 200. `changes()` flattens
 * the deliveries to their `{field, value}` changes, in the order they arrived.
 */
export function useCallbackCapture() {
	let server: Server;
	const capture = { url: '', bodies: [] as Json[], changes: () => capture.bodies.flatMap((body) => body.entry.flatMap((entry: Json) => entry.changes as Json[])) };
	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				if (req.method === 'POST') capture.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		capture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	beforeEach(() => {
		capture.bodies = [];
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return capture;
}

/** An SDP as a WebRTC endpoint sends it: CRLF lines, one audio stream, a DTLS fingerprint. */
export const SDP_OFFER = [
	'v=0',
	'o=- 3626166318745852955 2 IN IP4 127.0.0.1',
	's=-',
	't=0 0',
	'm=audio 9 UDP/TLS/RTP/SAVPF 111',
	'c=IN IP4 0.0.0.0',
	'a=rtpmap:111 opus/48000/2',
	'a=ice-ufrag:abcd',
	'a=ice-pwd:abcdefghijklmnopqrstuvwx',
	'a=fingerprint:sha-256 12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0:12:34:56:78:9A:BC:DE:F0',
	'a=setup:actpass',
	'',
].join('\r\n');

export const SDP_ANSWER = SDP_OFFER.replace('a=setup:actpass', 'a=setup:active');
