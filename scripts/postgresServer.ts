import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
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
 * PostgreSQL refuses to run as root (as CI does): there it runs as the package's `postgres` user.
 * Returns the command and arguments that run `program` as a user it accepts.
 */
function asServerUser(program: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', program, ...args]] : [program, args];
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
		if (process.getuid?.() === 0) {
			const { uid, gid } = { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) };
			chownSync(dir, uid, gid);
		}
		execFileSync(...asServerUser(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'flowpace', '--auth=trust', '-E', 'UTF8', '--no-sync']), { stdio: 'ignore' });
		const server = new PostgresServer(await freePort(), dir, bin);
		const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];
		const child = spawn(...asServerUser(join(bin, 'postgres'), ['-D', join(dir, 'data'), '-p', String(server.port), '-k', dir, ...settings]), { stdio: ['ignore', 'pipe', 'pipe'] });
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
