import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP server a workflow or flow POSTs its output to, so a test can read what a real host
 * produced. `hold()` keeps answers back, to show the host answered its caller before its work ended.
 */
export class Collector {
	readonly bodies: unknown[] = [];
	private server?: Server;
	private held?: Promise<void>;
	private release?: () => void;

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', async () => {
				this.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
				await this.held;
				res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	get url() {
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/collect`;
	}

	hold() {
		this.held = new Promise((resolve) => (this.release = resolve));
	}

	unhold() {
		this.release?.();
		this.held = undefined;
	}

	async stop() {
		this.unhold();
		this.server?.closeAllConnections();
		await new Promise((resolve) => this.server?.close(resolve));
	}

	/** Waits until `count` bodies arrived (polling; the hosts run flows asynchronously). */
	async waitFor(count: number, timeoutMs = 60_000): Promise<unknown[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.bodies.length < count) {
			if (Date.now() > deadline) throw new Error(`Collector: ${this.bodies.length} of ${count} bodies after ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return this.bodies.slice(0, count);
	}
}
