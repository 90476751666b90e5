import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A real redis-server (Debian package) on a free loopback port, without persistence. */
export class RedisServer {
	private child?: ChildProcess;

	private constructor(
		readonly port: number,
		private readonly options: string[],
	) {}

	/** `options`: more redis-server arguments, such as `--requirepass`. */
	static async start(options: string[] = []): Promise<RedisServer> {
		const server = new RedisServer(await freePort(), options);
		await server.restart();
		return server;
	}

	get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	/** Starts it (again, on the same port) and waits until it accepts connections. */
	async restart(): Promise<void> {
		const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.options], { stdio: ['ignore', 'pipe', 'pipe'] });
		this.child = child;
		await new Promise<void>((resolve, reject) => {
			let output = '';
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('Ready to accept connections')) resolve();
			});
			child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
		});
	}

	/** Kills it at once, as a crash would. */
	async kill(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
	}
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.once('error', reject);
	});
}
