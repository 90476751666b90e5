import { spawn, type ChildProcess } from 'node:child_process';
import { PostgresServer } from '../../scripts/postgresServer';
import { freePort, RedisServer } from '../../scripts/redisServer';
import { N8nHost } from './n8nHost';

type Role = 'main' | 'webhook' | 'worker';

interface Member {
	role: Role;
	child: ChildProcess;
	port: number;
	logs: string;
}

/**
 * n8n in queue mode as a team runs it: one main process, one webhook process and two workers on
 * PostgreSQL and Redis (Bull's queue; the package's Redis URL points at the same server), every
 * part real and started here, each on its own loopback port.
 */
export class N8nQueue {
	readonly members: Member[] = [];

	private constructor(
		readonly n8n: N8nHost,
		readonly redis: RedisServer,
		readonly postgres: PostgresServer,
	) {}

	static async create(tarball: string): Promise<N8nQueue> {
		const [n8n, redis, postgres] = await Promise.all([N8nHost.create(tarball), RedisServer.start(), PostgresServer.start()]);
		postgres.createDatabase('n8n');
		n8n.extraEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: postgres.user,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// A killed worker's job is not taken up again by Bull: the test reruns the campaign itself.
			QUEUE_WORKER_MAX_STALLED_COUNT: '0',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			EXECUTIONS_DATA_PRUNE: 'false',
			// As a queue-mode deployment sizes it: n8n's default pool of 2 timed out under a campaign's
			// status webhooks on two cores ("timeout exceeded when trying to connect").
			DB_POSTGRESDB_POOL_SIZE: '10',
		};
		return new N8nQueue(n8n, redis, postgres);
	}

	get redisUrl() {
		return this.redis.url;
	}

	/** Starts main, then the webhook process and two workers (main has migrated the database by then). */
	async start() {
		const main = await this.spawn('main');
		await this.healthy(main);
		const webhook = await this.spawn('webhook');
		const workers = [await this.spawn('worker'), await this.spawn('worker')];
		await Promise.all([this.healthy(webhook), ...workers.map((worker) => this.ready(worker))]);
	}

	/** Starts one more worker (after one was killed): resolves once it takes jobs. */
	async startWorker() {
		await this.ready(await this.spawn('worker'));
	}

	url(role: 'main' | 'webhook') {
		return `http://127.0.0.1:${this.members.find((m) => m.role === role)!.port}`;
	}

	get workers() {
		return this.members.filter((m) => m.role === 'worker' && m.child.exitCode === null && m.child.signalCode === null);
	}

	private async spawn(role: Role): Promise<Member> {
		const port = await freePort();
		const command = role === 'main' ? 'start' : role;
		const child = spawn(this.n8n.bin, [command], {
			env: { ...this.n8n.env(), N8N_PORT: String(port), WEBHOOK_URL: `http://127.0.0.1:${port}/`, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const member: Member = { role, child, port, logs: '' };
		child.stdout!.on('data', (chunk) => (member.logs += chunk));
		child.stderr!.on('data', (chunk) => (member.logs += chunk));
		this.members.push(member);
		return member;
	}

	private async healthy(member: Member) {
		await waitFor(member, () => fetch(`http://127.0.0.1:${member.port}/healthz`).then((r) => r.ok, () => false));
	}

	private async ready(member: Member) {
		await waitFor(member, async () => member.logs.includes('n8n worker is now ready'));
	}

	/** What every process printed, for failures and secret checks. */
	get logs() {
		return this.members.map((m) => `--- ${m.role} :${m.port}\n${m.logs}`).join('\n');
	}

	async stop() {
		await Promise.all(
			this.members.map(async ({ child }) => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(timer);
			}),
		);
		await this.redis.kill();
		await this.postgres.stop();
	}
}

async function waitFor(member: Member, check: () => Promise<boolean>) {
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (member.child.exitCode !== null) throw new Error(`n8n ${member.role} exited:\n${member.logs}`);
		if (await check()) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`n8n ${member.role} did not start:\n${member.logs}`);
}
