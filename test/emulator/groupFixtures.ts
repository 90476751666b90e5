import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';

type Json = Record<string, any>;

/**
 * A JPEG of this size in pixels: SOI, one baseline SOF0 segment, EOI, padded with zeros to
 * `bytes` when given. Enough for both the package's and the emulator's dimension readers.
 */
export function jpegOf(width: number, height: number, bytes = 0): Buffer {
	const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
	const jpeg = Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xd9]);
	return bytes > jpeg.length ? Buffer.concat([jpeg, Buffer.alloc(bytes - jpeg.length)]) : jpeg;
}

/**
 * A plain callback server the emulator POSTs its webhooks to, for the tests of one file.
 * `changes(field)` waits until every delivery under way ended, then lists the changes received.
 */
export function useWebhookCapture(handle: { emulator: GraphEmulator }) {
	let server: Server;
	let url = '';
	const bodies: Json[] = [];
	beforeAll(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				res.writeHead(200).end();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	beforeEach(() => {
		bodies.length = 0;
		handle.emulator.options.callbackUrl = url;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
	return {
		async changes(field?: string): Promise<Array<{ field: string; value: Json }>> {
			await handle.emulator.webhooks.idle();
			return bodies.flatMap((b) => b.entry.flatMap((e: Json) => e.changes)).filter((c: Json) => !field || c.field === field);
		},
		/** The `groups[]` events of every group webhook received, in order. */
		async groupEvents(): Promise<Json[]> {
			const changes = await this.changes();
			return changes.filter((c) => c.field.startsWith('group_')).flatMap((c) => c.value.groups.map((g: Json) => ({ field: c.field, ...g })));
		},
	};
}

/** A control call (/__emulator/...), as a demo script outside the process makes it. */
export async function control(emulator: GraphEmulator, path: string, body: unknown = {}) {
	const response = await fetch(`${emulator.url}/__emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, body: (await response.json()) as Json };
}
