import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PACKAGE } from './n8nHost';
import { NodeRedHost } from './nodeRedHost';
import { REPO } from './pack';

const JSON_HEADERS = { accept: 'application/json' };

/** Import > Examples of a Node-RED with the package installed as Manage Palette installs it. */
describe('the Node-RED example flows in the editor\'s Import > Examples menu', () => {
	let red: NodeRedHost;
	const get = async (path: string) => (await fetch(`${red.url}${path}`, { headers: JSON_HEADERS })).json();

	beforeAll(async () => {
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows([]);
		await red.start();
	});

	afterAll(async () => {
		await red?.stop();
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
			const flow = (await get(`/library/examples/flows/${PACKAGE}/${fn}`)) as Array<{ type: string }>;
			expect(Array.isArray(flow), fn).toBe(true);
			expect(flow.filter((node) => !known.has(node.type)).map((node) => node.type), fn).toEqual([]);
		}
	});
});
