import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { N8nHost, PACKAGE } from './n8nHost';
import { NodeRedHost } from './nodeRedHost';
import { selectedHosts } from './toolchain';

const run = promisify(execFile);
const { n8n, nodeRed } = selectedHosts();

interface NodeDescription {
	name: string;
	displayName: string;
	outputs: unknown;
	properties: Array<{ name: string }>;
}

/** Each project's hosts are the versions, on the Node majors, that the README says are tested. */
describe('the host versions this project tests', () => {
	it(`runs Node-RED ${nodeRed.version} on Node ${nodeRed.node} with every node of the package`, async () => {
		const red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows([]);
		try {
			await red.start();
			expect(red.output).toContain(`Node-RED version: v${nodeRed.version}`);
			expect(red.output).toMatch(new RegExp(`Node\\.js\\s+version: v${nodeRed.node}\\.`));
			const modules = (await (await fetch(`${red.url}/nodes`, { headers: { accept: 'application/json' } })).json()) as Array<{ module: string; types: string[]; enabled: boolean; err?: string }>;
			const ours = modules.filter((set) => set.module === PACKAGE);
			expect(ours.map((set) => [set.types, set.enabled, set.err])).toEqual(
				['config', 'send', 'manage', 'webhook', 'flow-endpoint', 'flow-response'].map((kind) => [[`whatsapp-platform-${kind}`], true, undefined]),
			);
		} finally {
			await red.stop();
		}
	});

	it(`runs n8n ${n8n.version} on Node ${n8n.node}, which loads every node and offers the action nodes as AI tools`, async () => {
		const host = await N8nHost.create(inject('tarball'));
		expect((await run(host.bin, ['--version'], { env: host.env() })).stdout.trim()).toBe(n8n.version);
		expect((await run('node', ['--version'], { env: host.env() })).stdout).toMatch(new RegExp(`^v${n8n.node}\\.`));

		const file = join(host.userFolder, 'nodes.json');
		const exported = await host.cli(['export:nodes', `--output=${file}`]);
		expect(exported.ok, exported.output).toBe(true);
		const ours = (JSON.parse(readFileSync(file, 'utf8')) as NodeDescription[]).filter((node) => node.name.startsWith(`${PACKAGE}.`));
		expect(ours.map((node) => node.displayName).sort()).toEqual([
			'Respond to WhatsApp Flow',
			'Respond to WhatsApp Flow Tool',
			'WhatsApp Flow Endpoint',
			'WhatsApp Platform',
			'WhatsApp Platform Tool',
			'WhatsApp Platform Trigger',
		]);
		// n8n builds the tool variant of every usableAsTool node itself (tool-generation/ai-tools.js).
		const tool = ours.find((node) => node.name === `${PACKAGE}.whatsAppPlatformTool`)!;
		expect(tool.outputs).toEqual(['ai_tool']);
		expect(tool.properties.map((property) => property.name)).toEqual(expect.arrayContaining(['toolDescription', 'resource', 'operation', 'to', 'body']));
	});
});
