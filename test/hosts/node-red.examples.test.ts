import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { GraphEmulator } from '../../emulator/server';
import { startTestEmulator, TOKEN } from './fixtures';
import { PACKAGE } from './n8nHost';
import { NodeRedHost } from './nodeRedHost';
import { REPO } from './pack';

const JSON_HEADERS = { accept: 'application/json' };
type FlowNode = Record<string, unknown> & { id: string; type: string; name?: string };

/** What the editor's debug sidebar receives: each debug node's message, over Node-RED's comms socket. */
async function debugSidebar(url: string) {
	const received: Array<{ name: string; payload: unknown }> = [];
	const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/comms`);
	await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
	socket.send(JSON.stringify({ subscribe: 'debug' }));
	socket.on('message', (raw) => {
		for (const { topic, data } of JSON.parse(String(raw)) as Array<{ topic: string; data: { name: string; msg: string; format: string } }>) {
			if (topic === 'debug') received.push({ name: data.name, payload: data.format.startsWith('string') ? data.msg : JSON.parse(data.msg) });
		}
	});
	return { received, close: () => socket.close() };
}

/** Import > Examples of a Node-RED with the package installed as Manage Palette installs it. */
describe('the Node-RED example flows in the editor\'s Import > Examples menu', () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	const get = async (path: string) => (await fetch(`${red.url}${path}`, { headers: JSON_HEADERS })).json();

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		// manage-templates as an importer runs it: only the account changes, pointed at this emulator.
		const flow = JSON.parse(readFileSync(join(REPO, 'examples', 'manage-templates.json'), 'utf8')) as FlowNode[];
		const account = flow.find((node) => node.type === 'whatsapp-platform-config')!;
		account.baseUrl = emulator.url;
		red.writeFlows(flow, { [account.id]: { accessToken: TOKEN } });
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
		await emulator?.stop();
	});

	it('lists every Node-RED flow of examples/ and no n8n workflow (no submenu)', async () => {
		const shipped = readdirSync(join(REPO, 'examples')).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));
		const listed = (await get(`/library/examples/flows/${PACKAGE}`)) as Array<string | { fn: string }>;
		expect(listed.filter((entry) => typeof entry === 'string')).toEqual([]);
		expect(listed.map((entry) => (entry as { fn: string }).fn).sort()).toEqual(shipped.sort());
	});

	it('imports each as a flow of node types this Node-RED knows', async () => {
		const known = new Set(((await get('/nodes')) as Array<{ types: string[] }>).flatMap((set) => set.types).concat(['tab', 'comment']));
		for (const { fn } of (await get(`/library/examples/flows/${PACKAGE}`)) as Array<{ fn: string }>) {
			const flow = (await get(`/library/examples/flows/${PACKAGE}/${fn}`)) as FlowNode[];
			expect(Array.isArray(flow), fn).toBe(true);
			expect(flow.filter((node) => !known.has(node.type)).map((node) => node.type), fn).toEqual([]);
		}
	});

	it('runs manage-templates: every template one message each, and a 7-day report by day', async () => {
		const sidebar = await debugSidebar(red.url);
		try {
			await red.inject('b2a0c0de00000003');
			await red.inject('b2a0c0de00000006');
			const templates = [...emulator.state.templates.values()];
			const each = () => sidebar.received.filter((m) => m.name === 'one template each');
			await red.waitFor(() => each().length === templates.length && sidebar.received.some((m) => m.name === 'data points'));
			expect(each().map((m) => (m.payload as { name: string }).name).sort()).toEqual(templates.map((t) => t.name).sort());
			const report = sidebar.received.find((m) => m.name === 'data points')!.payload as Array<{ start: string; end: string; sent: number }>;
			expect(report.length).toBeGreaterThanOrEqual(7);
			expect(report[0]).toMatchObject({ start: expect.any(String), end: expect.any(String), sent: expect.any(Number) });
			expect(emulator.state.requests.filter((r) => r.path.endsWith('/message_templates') || r.query.fields?.startsWith('analytics'))).not.toHaveLength(0);
		} finally {
			sidebar.close();
		}
	});
});
