import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../scripts/redisServer';
import { ensureN8n, nodeEnv, selectedHosts, type HostRelease } from './toolchain';

const run = promisify(execFile);
export const PACKAGE = '@flowpace/n8n-nodes-whatsapp';

export interface N8nRun {
	ok: boolean;
	/** Everything n8n printed, for assertions that no secret leaks. */
	output: string;
	result?: { status: string; data: { resultData: { runData: Record<string, NodeRun[]>; error?: { message: string; description?: string } } } };
}

interface NodeRun {
	executionStatus?: string;
	error?: { message: string; description?: string };
	data?: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> };
}

/**
 * A real n8n (2.x on Node 24 unless FLOWPACE_HOSTS picks another line) with its own user folder and
 * our package installed as its installer does.
 */
export class N8nHost {
	readonly bin: string;

	private constructor(
		readonly userFolder: string,
		readonly release: HostRelease,
	) {
		this.bin = ensureN8n(release);
	}

	/** Each host its own task broker ports (CLI runs, then the server), free when it was created: several n8n processes may run at once. */
	private brokerPorts = [0, 0];

	static async create(tarball: string, release = selectedHosts().n8n): Promise<N8nHost> {
		const host = new N8nHost(mkdtempSync(join(tmpdir(), 'flowpace-n8n-')), release);
		// Random ports collided once with a port in use (a CI run): the system's free ones instead.
		const cli = await freePort();
		let server = await freePort();
		while (server === cli) server = await freePort();
		host.brokerPorts = [cli, server];
		await host.installPackage(tarball);
		return host;
	}

	/** More settings for every n8n command of this host (queue mode's database and Redis: test/hosts/n8nQueue.ts). */
	extraEnv: NodeJS.ProcessEnv = {};

	env(): NodeJS.ProcessEnv {
		return nodeEnv(this.release.node, {
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'flowpace-test-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPorts[0]),
			DB_SQLITE_POOL_SIZE: '1',
			// vitest sets NODE_ENV=test, in which n8n prints nothing.
			NODE_ENV: 'production',
			...this.extraEnv,
		});
	}

	/**
	 * What Settings > Community Nodes does in n8n 2.x and late 1.x (community-packages.service.js,
	 * downloadPackage): unpack the tarball into nodes/node_modules/<name>, drop its dev, peer and
	 * optional dependencies, `npm install` its dependencies there, and record it.
	 */
	private async installPackage(tarball: string) {
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		const packageDir = join(nodesDir, 'node_modules', PACKAGE);
		mkdirSync(packageDir, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const manifestPath = join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(readFileSync(manifestPath, 'utf8'));
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: packageDir, env: this.env() },
		);
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: manifest.version } }, null, 2));
	}

	async cli(args: string[]): Promise<{ ok: boolean; output: string }> {
		try {
			const { stdout, stderr } = await run(this.bin, args, { env: this.env(), maxBuffer: 256 * 1024 * 1024 });
			return { ok: true, output: stdout + stderr };
		} catch (error) {
			const failed = error as { stdout?: string; stderr?: string; code?: number | string; signal?: string };
			return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}\n[n8n ${args[0]} exited: code ${failed.code ?? '-'}, signal ${failed.signal ?? '-'}]` };
		}
	}

	/** Activates a workflow for `n8n start`: 2.x publishes it, 1.x sets it active. */
	async activate(workflowId: string) {
		const args = this.release.version.startsWith('1.') ? ['update:workflow', `--id=${workflowId}`, '--active=true'] : ['publish:workflow', `--id=${workflowId}`];
		const { ok, output } = await this.cli(args);
		if (!ok) throw new Error(`n8n ${args[0]} failed:\n${output}`);
	}

	private async importFile(kind: 'credentials' | 'workflow', content: unknown) {
		const file = join(this.userFolder, `${kind}-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
		writeFileSync(file, JSON.stringify(content));
		const { ok, output } = await this.cli([`import:${kind}`, `--input=${file}`]);
		if (!ok) throw new Error(`n8n import:${kind} failed:\n${output}`);
	}

	importCredentials(credentials: unknown[]) {
		return this.importFile('credentials', credentials);
	}

	importWorkflow(workflow: unknown) {
		return this.importFile('workflow', workflow);
	}

	private server?: ChildProcess;
	private serverLogs = '';
	port = 0;

	get url() {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Everything the running server printed, for assertions that no secret leaks. */
	get serverOutput() {
		return this.serverLogs;
	}

	/** Resolves once the trigger at `hookUrl` takes deliveries (see `triggerListening` below). */
	triggerListening(hookUrl: string) {
		return triggerListening(hookUrl, () => this.logTail(4000));
	}

	/**
	 * The last `chars` of what the server (or worker) printed, for a failure's message, without the
	 * stack traces n8n prints each time it fails to reach its own services (there is no network here).
	 */
	logTail(chars: number, of: 'server' | 'worker' = 'server'): string {
		const lines = (of === 'server' ? this.serverLogs : this.workerLogs).split('\n');
		const offline = /^\s+at |ENOTFOUND|Strapi API|A system task run failed/;
		return lines.filter((line) => !offline.test(line)).join('\n').slice(-chars);
	}

	/**
	 * `n8n start` on a loopback port, with WEBHOOK_URL set so that triggers
	 * register loopback URLs. Resolves once /healthz answers; webhooks register a little later.
	 */
	async start(port: number, env: NodeJS.ProcessEnv = {}) {
		this.port = port;
		this.server = spawn(this.bin, ['start'], {
			env: { ...this.env(), N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', WEBHOOK_URL: `${this.url}/`, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.server.stdout!.on('data', (chunk) => (this.serverLogs += chunk));
		this.server.stderr!.on('data', (chunk) => (this.serverLogs += chunk));
		const deadline = Date.now() + 120_000;
		while (Date.now() < deadline) {
			if (this.server.exitCode !== null) throw new Error(`n8n exited:\n${this.serverLogs}`);
			const ok = await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false);
			if (ok) return;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`n8n did not start:\n${this.serverLogs}`);
	}

	async stop() {
		if (!this.server || this.server.exitCode !== null) return;
		const exited = new Promise((resolve) => this.server!.once('exit', resolve));
		this.server.kill('SIGTERM');
		await exited;
	}

	private worker?: ChildProcess;
	private workerLogs = '';

	/** Everything the queue-mode worker printed. */
	get workerOutput() {
		return this.workerLogs;
	}

	/**
	 * `n8n worker` on the same database and user folder, for queue mode (`env` names the Redis queue,
	 * as the main process's does), with the main process's WEBHOOK_URL: a worker builds
	 * `$execution.resumeUrl` from it. Resolves once it says it is ready for jobs.
	 */
	async startWorker(env: NodeJS.ProcessEnv) {
		this.workerLogs = '';
		const worker = spawn(this.bin, ['worker', '--concurrency=5'], {
			env: { ...this.env(), N8N_RUNNERS_BROKER_PORT: String(this.brokerPorts[1]), WEBHOOK_URL: `${this.url}/`, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		this.worker = worker;
		worker.stdout!.on('data', (chunk) => (this.workerLogs += chunk));
		worker.stderr!.on('data', (chunk) => (this.workerLogs += chunk));
		const deadline = Date.now() + 120_000;
		while (!/ready|waiting for (jobs|tasks)/i.test(this.workerLogs)) {
			if (worker.exitCode !== null) throw new Error(`n8n worker exited:\n${this.workerLogs}`);
			if (Date.now() > deadline) throw new Error(`n8n worker did not start:\n${this.workerLogs}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	async stopWorker() {
		const worker = this.worker;
		if (!worker || worker.exitCode !== null) return;
		const exited = new Promise((resolve) => worker.once('exit', resolve));
		worker.kill('SIGTERM');
		await exited;
	}

	/** `n8n execute --id=… --rawOutput`, with the run data parsed from what it prints. */
	async execute(workflowId: string): Promise<N8nRun> {
		const { ok, output } = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const start = output.search(/^\{$/m);
		let result: N8nRun['result'];
		if (start >= 0) {
			const end = output.lastIndexOf('\n}') + 2;
			try {
				result = JSON.parse(output.slice(start, end));
			} catch {
				result = undefined;
			}
		}
		// n8n prints the finished run, then shuts down; a crash while it shuts down (seen once in a
		// CI run, after a run that succeeded) does not undo that run.
		return { ok: ok || (result?.status === 'success' && !result.data.resultData.error), output, result };
	}
}

/**
 * Resolves once the trigger at `hookUrl` takes deliveries, probed by what a delivery uses: an
 * unsigned POST, refused (401) and starting nothing once n8n serves it, 404 before. The emulator
 * retries a delivery for well under a second, where Meta retries for days.
 */
export async function triggerListening(hookUrl: string, logs: () => string, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status, () => 0);
		if (status === 401) return;
		if (Date.now() > deadline) throw new Error(`The trigger at ${hookUrl} does not take deliveries (an unsigned POST answered ${status}, not 401):\n${logs()}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** The items a node output in a run. */
export function nodeOutput(run: N8nRun, nodeName: string) {
	const runs = run.result?.data.resultData.runData[nodeName];
	return runs?.[0]?.data?.main[0]?.map((item) => item.json) ?? [];
}

export function nodeError(run: N8nRun, nodeName: string) {
	return run.result?.data.resultData.runData[nodeName]?.[0]?.error;
}
