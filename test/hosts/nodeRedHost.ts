import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureNodeRed, nodeEnv, selectedHosts, type HostRelease } from './toolchain';

const run = promisify(execFile);

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/**
 * A real Node-RED on the Node it is tested with (Node-RED 5 on Node 24 unless FLOWPACE_HOSTS picks
 * another line), with our package installed as Manage Palette installs it.
 */
export class NodeRedHost {
	private process?: ChildProcess;
	private logs = '';
	port = 0;

	private constructor(
		readonly userDir: string,
		readonly release: HostRelease,
	) {}

	static async create(tarball: string, release = selectedHosts().nodeRed): Promise<NodeRedHost> {
		const host = new NodeRedHost(mkdtempSync(join(tmpdir(), 'flowpace-nodered-')), release);
		writeFileSync(join(host.userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
		// The palette manager's command (@node-red/registry installer.js).
		await run(
			'npm',
			['install', '--no-audit', '--no-update-notifier', '--no-fund', '--save', '--save-prefix=~', '--omit=dev', '--engine-strict', tarball],
			{ cwd: host.userDir, env: nodeEnv(release.node) },
		);
		return host;
	}

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Everything Node-RED logged, for assertions that no secret leaks. */
	get output() {
		return this.logs;
	}

	writeFlows(flows: unknown[], credentials: Record<string, Record<string, string>> = {}) {
		writeFileSync(join(this.userDir, 'flows.json'), JSON.stringify(flows, null, 2));
		writeFileSync(join(this.userDir, 'flows_cred.json'), JSON.stringify(credentials));
	}

	async start(settings: Record<string, unknown> = {}) {
		this.port = await freePort();
		writeFileSync(
			join(this.userDir, 'settings.js'),
			`module.exports = ${JSON.stringify({ flowFile: 'flows.json', credentialSecret: false, uiHost: '127.0.0.1', uiPort: this.port, logging: { console: { level: 'info' } }, ...settings })};`,
		);
		this.process = spawn('node', [ensureNodeRed(this.release), '--userDir', this.userDir, '--settings', join(this.userDir, 'settings.js')], {
			env: nodeEnv(this.release.node),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.process.stdout!.on('data', (chunk) => (this.logs += chunk));
		this.process.stderr!.on('data', (chunk) => (this.logs += chunk));
		await this.waitFor(async () => (await fetch(`${this.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).ok && this.logs.includes('Started flows'));
	}

	async stop() {
		if (!this.process || this.process.exitCode !== null) return;
		const exited = new Promise((resolve) => this.process!.once('exit', resolve));
		this.process.kill('SIGTERM');
		await exited;
	}

	/** Presses an inject node's button, as the editor does. */
	async inject(nodeId: string) {
		const response = await fetch(`${this.url}/inject/${nodeId}`, { method: 'POST' });
		if (!response.ok) throw new Error(`inject ${nodeId}: HTTP ${response.status}`);
	}

	/** Lines a file node of the flow appended, parsed as JSON. */
	readJsonLines(file: string): Array<Record<string, unknown>> {
		if (!existsSync(file)) return [];
		return readFileSync(file, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line));
	}

	async waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 60_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		let lastError: unknown;
		while (Date.now() < deadline) {
			try {
				const value = await probe();
				if (value) return value;
			} catch (error) {
				lastError = error;
			}
			if (this.process && this.process.exitCode !== null) throw new Error(`Node-RED exited:\n${this.logs}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`Timed out waiting (${String(lastError ?? '')}). Node-RED said:\n${this.logs}`);
	}
}
