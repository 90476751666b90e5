import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const clone = inject('clone');
const { tarball } = inject('release');
const manifest = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8'));
const packed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
	.trim()
	.split('\n')
	.map((entry) => entry.replace(/^package\//, ''));
const tracked = (folder: string) => execFileSync('git', ['ls-files', folder], { cwd: clone, encoding: 'utf8' }).trim().split('\n');

describe('npm pack in a fresh clone of the committed tree', () => {
	it('ships the n8n nodes (action, trigger, Flow endpoint and its respond node) and the credential, built', () => {
		expect(manifest.n8n.nodes).toHaveLength(4);
		expect(packed).toEqual(expect.arrayContaining([...manifest.n8n.nodes, ...manifest.n8n.credentials]));
		expect(packed).toEqual(expect.arrayContaining(manifest.n8n.nodes.map((node: string) => node.replace(/\.js$/, '.json'))));
		expect(packed).toEqual(expect.arrayContaining(['dist/icons/whatsapp.svg', 'dist/icons/whatsapp.dark.svg']));
	});

	it('ships the six Node-RED nodes, each with its editor .html, and their icons', () => {
		const nodes = Object.values<string>(manifest['node-red'].nodes);
		expect(nodes).toHaveLength(6);
		for (const node of nodes) expect(packed).toEqual(expect.arrayContaining([node, node.replace(/\.js$/, '.html')]));
		const icons = tracked('nodes/node-red/icons').map((icon) => `dist/${icon}`);
		expect(icons.length).toBeGreaterThan(0);
		expect(packed).toEqual(expect.arrayContaining(icons));
	});

	it('ships every compiled source file, the bundled libraries with their licences, the examples and the editor resources', () => {
		const compiled = [...tracked('nodes'), ...tracked('credentials')].filter((file) => file.endsWith('.ts')).map((file) => `dist/${file.replace(/\.ts$/, '.js')}`);
		expect(packed).toEqual(expect.arrayContaining(compiled));
		expect(packed).toEqual(expect.arrayContaining(['dist/vendor/zod.js', 'dist/vendor/ioredis.js', 'dist/vendor/LICENSES.txt']));
		const nodeRedExamples = tracked('examples').filter((file) => !file.startsWith('examples/n8n/'));
		expect(packed).toEqual(expect.arrayContaining([...nodeRedExamples, ...tracked('resources')]));
		// n8n's workflows stay in the repository: shipped, Node-RED would list them under Import > Examples, where they cannot be imported.
		expect(packed.filter((entry) => entry.startsWith('examples/n8n/'))).toEqual([]);
	});

	it('ships LICENSE, README and CHANGELOG, and nothing else at the top', () => {
		const top = [...new Set(packed.map((entry) => entry.split('/')[0]))].sort();
		expect(top).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'examples', 'package.json', 'resources']);
		expect(readFileSync(join(clone, 'LICENSE'), 'utf8')).toContain(`MIT License\n\nCopyright (c) 2026 ${manifest.author.name}`);
		expect(manifest.license).toBe('MIT');
	});

	it('ships no tests, no TypeScript sources and no source maps', () => {
		expect(packed.filter((entry) => /(^|\/)test\/|\.ts$|\.map$/.test(entry))).toEqual([]);
	});
});
