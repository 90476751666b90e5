import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOperation } from '../../nodes/shared/catalog';
import { GraphClient } from '../../nodes/shared/graph/client';
import { runOperation } from '../../nodes/shared/run';
import { fetchTransport } from '../../nodes/shared/graph/fetchTransport';
import { TOKEN, accountFor } from './messaging.helpers';

/** A plain HTTP server standing in for Graph: it keeps each request's raw body and answers a media id. */
let server: Server;
let url: string;
const received: Array<{ contentType: string; body: Buffer }> = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
			res.setHeader('content-type', 'application/json');
			res.end('{"id":"4490709327613"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** The body split on its boundary, each part's header lines and data taken as they are on the wire. */
function wireParts({ contentType, body }: { contentType: string; body: Buffer }) {
	const boundary = /boundary=(.+)$/.exec(contentType)![1];
	const sections = body.toString('latin1').split(`--${boundary}`);
	expect(sections.shift()).toBe('');
	expect(sections.pop()).toBe('--\r\n');
	return sections.map((section) => {
		expect(section.startsWith('\r\n') && section.endsWith('\r\n')).toBe(true);
		const end = section.indexOf('\r\n\r\n');
		return { headers: section.slice(2, end).split('\r\n'), data: Buffer.from(section.slice(end + 4, -2), 'latin1') };
	});
}

describe('multipart upload of a file named by the flow', () => {
	it('a file name carrying quotes, CR and LF adds no header and no part: the names, the count and the bytes arrive as sent', async () => {
		const pdf = new TextEncoder().encode('%PDF-1.4\r\n--not-a-boundary\r\ninvoice 4711');
		const fileName = 'invoice".pdf\r\nContent-Type: text/html\r\n\r\n<script>\r\n--x\r\nContent-Disposition: form-data; name="access_token"\r\n\r\nstolen';
		const account = accountFor({ url } as Parameters<typeof accountFor>[0]);
		const client = new GraphClient({ transport: fetchTransport(TOKEN), baseUrl: url, apiVersion: account.apiVersion });
		const files = { read: async () => ({ data: pdf, mimeType: 'application/pdf', fileName }) };

		const uploaded = await runOperation(findOperation('media', 'upload')!, { fileProperty: 'doc' }, { client, account, files });

		expect(uploaded).toMatchObject({ id: '4490709327613', fileName });
		expect(received).toHaveLength(1);
		const parts = wireParts(received[0]);
		expect(parts.map((part) => part.headers[0])).toEqual([
			'Content-Disposition: form-data; name="messaging_product"',
			'Content-Disposition: form-data; name="type"',
			'Content-Disposition: form-data; name="file"; filename="invoice%22.pdf%0D%0AContent-Type: text/html%0D%0A%0D%0A<script>%0D%0A--x%0D%0AContent-Disposition: form-data; name=%22access_token%22%0D%0A%0D%0Astolen"',
		]);
		expect(parts.map((part) => part.headers.length)).toEqual([1, 1, 2]);
		expect(parts[2].headers[1]).toBe('Content-Type: application/pdf');
		expect(parts.map((part) => part.data.toString('latin1')).slice(0, 2)).toEqual(['whatsapp', 'application/pdf']);
		expect(new Uint8Array(parts[2].data)).toEqual(pdf);
		expect(received[0].body.includes('stolen\r\n')).toBe(false);
	});
});
