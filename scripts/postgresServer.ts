import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redisServer';

/** Debian's postgresql package keeps its programs out of PATH, under /usr/lib/postgresql/<major>/bin. */
function binDir(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root) ? execFileSync('ls', [root], { encoding: 'utf8' }).split('\n').filter(Boolean).sort((a, b) => Number(b) - Number(a)) : [];
	const found = majors.map((major) => join(root, major, 'bin')).find((dir) => existsSync(join(dir, 'initdb')));
	if (!found) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
	return found;
}

/**
 * A real PostgreSQL (Debian package) owned by the tests: initdb into a temporary folder, on a free
 * loopback port, trust authentication for its one user, no fsync; removed on stop.
 */
export class PostgresServer {
	private child?: ChildProcess;

	private constructor(
		readonly port: number,
		private readonly dir: string,
		private readonly bin: string,
	) {}

	readonly user = 'flowpace';

	static async start(): Promise<PostgresServer> {
		const bin = binDir();
		const dir = mkdtempSync(join(tmpdir(), 'flowpace-pg-'));
		execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'flowpace', '--auth=trust', '-E', 'UTF8', '--no-sync'], { stdio: 'ignore' });
		const server = new PostgresServer(await freePort(), dir, bin);
		const child = spawn(join(bin, 'postgres'), ['-D', join(dir, 'data'), '-p', String(server.port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		server.child = child;
		await new Promise<void>((resolve, reject) => {
			let output = '';
			const onData = (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('ready to accept connections')) resolve();
			};
			child.stdout!.on('data', onData);
			child.stderr!.on('data', onData);
			child.once('exit', (code) => reject(new Error(`postgres exited (${code}): ${output}`)));
		});
		return server;
	}

	/** Creates an empty database for one host. */
	createDatabase(name: string) {
		execFileSync(join(this.bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, name], { stdio: 'ignore' });
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (child && child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGINT');
			await exited;
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}
