import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json serves both hosts', () => {
	it('has the name and keywords both listings require', () => {
		expect(manifest.name).toBe('@flowpace/n8n-nodes-whatsapp');
		expect(manifest.keywords).toEqual(expect.arrayContaining(['n8n-community-node-package', 'node-red']));
	});

	it('points n8n and Node-RED at built files that exist, each Node-RED node with its editor .html', () => {
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(existsSync(join(root, file)), file).toBe(true);
		expect(manifest['node-red'].version).toBe('>=4.0.0');
		for (const file of Object.values<string>(manifest['node-red'].nodes)) {
			expect(existsSync(join(root, file)), file).toBe(true);
			expect(existsSync(join(root, file.replace(/\.js$/, '.html'))), file).toBe(true);
		}
	});

	it('keeps n8n-workflow an optional peer, so Node-RED\'s npm does not install it, and depends on nothing else', () => {
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.peerDependenciesMeta['n8n-workflow'].optional).toBe(true);
		expect(manifest.dependencies).toBeUndefined();
	});

	it('requires at run time only Node built-ins, its own bundled libraries, and n8n-workflow in the n8n nodes', () => {
		const outside: string[] = [];
		for (const file of readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'))) {
			const code = readFileSync(join(root, 'dist', file), 'utf8');
			for (const [, name] of code.matchAll(/require\(["']([^"']+)["']\)/g)) {
				const n8nOnly = name === 'n8n-workflow' && !file.startsWith('nodes/node-red/') && !file.startsWith('nodes/shared/');
				if (!name.startsWith('.') && !isBuiltin(name) && !n8nOnly) outside.push(`${file}: ${name}`);
			}
		}
		expect(outside).toEqual([]);
		expect(readdirSync(join(root, 'dist/vendor')).sort()).toEqual(['LICENSES.txt', 'ioredis.js', 'zod.js']);
	});

	it('ships light and dark icons that differ', () => {
		const light = readFileSync(join(root, 'dist/icons/whatsapp.svg'), 'utf8');
		const dark = readFileSync(join(root, 'dist/icons/whatsapp.dark.svg'), 'utf8');
		expect(light).not.toBe(dark);
	});
});
