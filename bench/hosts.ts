import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type GraphEmulator } from '../emulator/server';
import { RedisServer } from '../scripts/redisServer';
import { N8nHost, PACKAGE } from '../test/hosts/n8nHost';
import { N8nQueue } from '../test/hosts/n8nQueue';
import { NodeRedHost } from '../test/hosts/nodeRedHost';
import { packPackage } from '../test/hosts/pack';
import { ensureN8n, ensureNode, ensureNodeRed, selectedHosts } from '../test/hosts/toolchain';
import { round, sleep } from './util';

const PHONE = '106540352242922';
const WABA = '102290129340398';
export const TOKEN = 'EAAbench-host-token-0123';
export const SECRET = 'bench-app-secret';
/** Messages per run: 12.5 s at 80 msg/s, 5 s at 1,000. */
export const MESSAGES: Record<number, number> = { 80: 1000, 1000: 5000 };

/**
 * The packed package installed into real hosts (as the test rig installs it), each sending to
 * distinct recipients through an emulator that refuses anything over the number's limit in any
 * sliding second: what a user's flow reaches, beside the pacer alone (`emulator` above).
 */
export async function measureHosts() {
	const { n8n, nodeRed } = selectedHosts();
	for (const release of [n8n, nodeRed]) ensureNode(release.node);
	ensureN8n(n8n);
	ensureNodeRed(nodeRed);
	const tarball = packPackage();
	const rows = [];
	for (const mps of [80, 1000]) {
		rows.push(await run('Node-RED', mps, (emulator) => nodeRedRun(tarball, emulator, mps, 1)));
		rows.push(await run('Node-RED x2 (Redis)', mps, (emulator) => nodeRedRun(tarball, emulator, mps, 2)));
		rows.push(await run('n8n, one execution', mps, (emulator) => n8nRun(tarball, emulator, mps)));
		rows.push(await run('n8n queue mode, 4 executions on 2 workers (Redis)', mps, (emulator) => n8nQueueRun(tarball, emulator, mps)));
	}
	return rows;
}

/** One host run against a fresh emulator at `mps`; the figures the emulator saw. */
async function run(host: string, mps: number, send: (emulator: GraphEmulator) => Promise<void>) {
	process.stderr.write(`bench: hosts: ${host} at ${mps} msg/s...\n`);
	const emulator = await startEmulator({ token: TOKEN, appSecret: SECRET, mps });
	try {
		await send(emulator);
		const times = emulator.state.messages.map((m) => m.at);
		const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
		const refused = emulator.limits.refused;
		return {
			host,
			mps,
			messages: MESSAGES[mps],
			accepted: times.length,
			seconds: round(seconds, 2),
			// N messages span N - 1 intervals of 1/mps at the full allowed rate.
			achievedFraction: round((times.length - 1) / seconds / mps, 4),
			limitErrors: refused[130429] + refused[131056],
			busiestSecond: emulator.limits.busiestSecond(PHONE),
		};
	} finally {
		await emulator.stop();
	}
}

const throughputOf = (mps: number) => (mps === 80 ? 'standard' : 'high');

/** `instances` Node-RED instances (sharing a Redis when more than one), each sending its share from one inject. */
async function nodeRedRun(tarball: string, emulator: GraphEmulator, mps: number, instances: number) {
	const redis = instances > 1 ? await RedisServer.start() : undefined;
	const out = mkdtempSync(join(tmpdir(), 'flowpace-bench-nr-'));
	const share = MESSAGES[mps] / instances;
	const hosts: NodeRedHost[] = [];
	try {
		for (let i = 0; i < instances; i++) {
			const red = await NodeRedHost.create(tarball);
			const send = `for (let i = 0; i < ${share}; i++) node.send({ payload: { to: '+49151' + String(${i * share} + i).padStart(8, '0'), body: 'bench' } });\nreturn null;`;
			red.writeFlows(
				[
					{ id: 'tab', type: 'tab', label: 'Bench' },
					{ id: 'acct', type: 'whatsapp-platform-config', name: 'WhatsApp', wabaId: WABA, phoneNumberId: PHONE, apiVersion: 'v24.0', baseUrl: emulator.url, throughput: throughputOf(mps), maxWaitSeconds: '300' },
					{ id: 'start', type: 'inject', z: 'tab', props: [{ p: 'payload' }], payload: '', payloadType: 'date', wires: [['items']] },
					{ id: 'items', type: 'function', z: 'tab', func: send, outputs: 1, wires: [['send']] },
					{ id: 'send', type: 'whatsapp-platform-send', z: 'tab', account: 'acct', operation: 'sendText', params: {}, wires: [['done']] },
					{ id: 'catch', type: 'catch', z: 'tab', scope: null, uncaught: false, wires: [['done']] },
					{ id: 'done', type: 'file', z: 'tab', filename: join(out, `done-${i}.jsonl`), filenameType: 'str', appendNewline: true, createDir: true, overwriteFile: 'false', encoding: 'none', wires: [] },
				],
				{ acct: { accessToken: TOKEN, appSecret: SECRET, verifyToken: 'bench', ...(redis ? { redisUrl: redis.url } : {}) } },
			);
			await red.start();
			hosts.push(red);
		}
		if (redis) for (const red of hosts) await red.waitFor(() => red.output.includes('Redis reached'));
		await Promise.all(hosts.map((red) => red.inject('start')));
		const finished = () => hosts.reduce((sum, red, i) => sum + red.readJsonLines(join(out, `done-${i}.jsonl`)).length, 0);
		await hosts[0].waitFor(() => finished() >= MESSAGES[mps], 300_000);
	} finally {
		for (const red of hosts) await red.stop();
		await redis?.kill();
	}
}

const CREDENTIAL = { whatsAppPlatformApi: { id: 'credBench0000001', name: 'bench' } };

/** The credential of the n8n runs: the emulator's number at the level of `mps`. */
export const credential = (emulator: GraphEmulator, mps: number, redisUrl?: string) => ({
	id: 'credBench0000001',
	name: 'bench',
	type: 'whatsAppPlatformApi',
	data: { accessToken: TOKEN, appSecret: SECRET, verifyToken: 'bench', wabaId: WABA, phoneNumberId: PHONE, apiVersion: 'v24.0', baseUrl: emulator.url, throughput: throughputOf(mps), maxWaitSeconds: '300', ...(redisUrl ? { redisUrl } : {}) },
});

/** `start` (a Manual Trigger, or a Webhook at /webhook/bench taking {count, from}) -> Items -> WhatsApp Send Text. */
export function workflow(start: 'manual' | 'webhook', count: number) {
	const code =
		start === 'manual'
			? `return Array.from({ length: ${count} }, (_, i) => ({ json: { to: '+49151' + String(i).padStart(8, '0') } }));`
			: `const { count, from } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, i) => ({ json: { to: '+49151' + String(from + i).padStart(8, '0') } }));`;
	const trigger =
		start === 'manual'
			? { id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }
			: { id: 'n1', name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '5e1c2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', parameters: { httpMethod: 'POST', path: 'bench', responseMode: 'onReceived', options: {} } };
	return {
		id: 'wfBench000000001',
		name: 'bench',
		active: false,
		settings: {},
		connections: { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] }, Items: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } },
		nodes: [
			trigger,
			{ id: 'n2', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: code } },
			{
				id: 'n3',
				name: 'WhatsApp',
				type: `${PACKAGE}.whatsAppPlatform`,
				typeVersion: 1,
				position: [400, 0],
				onError: 'continueRegularOutput',
				parameters: { resource: 'message', operation: 'sendText', to: '={{ $json.to }}', body: 'bench' },
				credentials: CREDENTIAL,
			},
		],
	};
}

/** One `n8n execute` of the workflow: every item in one execution. */
async function n8nRun(tarball: string, emulator: GraphEmulator, mps: number) {
	const n8n = await N8nHost.create(tarball);
	await n8n.importCredentials([credential(emulator, mps)]);
	await n8n.importWorkflow(workflow('manual', MESSAGES[mps]));
	const result = await n8n.execute('wfBench000000001');
	if (!result.ok) throw new Error(`n8n execute failed:\n${result.output.slice(-2000)}`);
}

/**
 * n8n in queue mode (main, webhook process, two workers, PostgreSQL, Redis for the queue and the
 * package): four executions of a quarter each, posted together to the webhook process.
 */
async function n8nQueueRun(tarball: string, emulator: GraphEmulator, mps: number) {
	const rig = await N8nQueue.create(tarball);
	try {
		await rig.n8n.importCredentials([credential(emulator, mps, rig.redisUrl)]);
		await rig.n8n.importWorkflow(workflow('webhook', 0));
		await rig.n8n.activate('wfBench000000001');
		await rig.start();
		const post = (count: number, from: number) => fetch(`${rig.url('webhook')}/webhook/bench`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count, from }) });
		// Webhooks register a little after the servers answer: an empty run until one is taken.
		for (const deadline = Date.now() + 60_000; (await post(0, 0)).status !== 200; await sleep(500)) if (Date.now() > deadline) throw new Error(`the bench webhook was not registered:\n${rig.logs.slice(-3000)}`);
		const quarter = MESSAGES[mps] / 4;
		await Promise.all([0, 1, 2, 3].map((i) => post(quarter, i * quarter)));
		// Done when every message arrived, or when none came for 30 s (the rest failed: counted as not accepted).
		let seen = -1;
		for (let quiet = 0; emulator.state.messages.length < MESSAGES[mps] && quiet < 60; await sleep(500)) {
			quiet = emulator.state.messages.length === seen ? quiet + 1 : 0;
			seen = emulator.state.messages.length;
		}
		if (emulator.state.messages.length < MESSAGES[mps]) process.stderr.write(`bench: hosts: queue mode sent ${emulator.state.messages.length} of ${MESSAGES[mps]}; its processes said:\n${rig.logs.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n').slice(-6000)}\n`);
	} finally {
		await rig.stop();
	}
}
