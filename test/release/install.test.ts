import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const { tarball } = inject('release');

describe('the release installed as Node-RED\'s palette installs it (--omit=dev --engine-strict)', () => {
	const userDir = mkdtempSync(join(tmpdir(), 'flowpace-palette-'));
	const installed = join(userDir, 'node_modules', '@flowpace', 'n8n-nodes-whatsapp');

	beforeAll(() => {
		writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--save', '--save-prefix=~', '--omit=dev', '--engine-strict', tarball], { cwd: userDir, stdio: 'pipe' });
	}, 120_000);
	afterAll(() => rmSync(userDir, { recursive: true, force: true }));

	it('installs the package alone: no dependency comes with it', () => {
		const lock = JSON.parse(readFileSync(join(userDir, 'node_modules', '.package-lock.json'), 'utf8'));
		expect(Object.keys(lock.packages)).toEqual(['node_modules/@flowpace/n8n-nodes-whatsapp']);
		expect(readdirSync(join(userDir, 'node_modules')).filter((entry) => !entry.startsWith('.'))).toEqual(['@flowpace']);
	});

	it('loads every Node-RED node from what was installed, zod from the package\'s own bundle', () => {
		const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
		const load = createRequire(join(installed, 'package.json'));
		for (const file of Object.values<string>(manifest['node-red'].nodes)) {
			const node = load(`./${file}`);
			// Node-RED takes the module's default export (TypeScript's `export default`) as the node.
			expect(typeof (node.default ?? node), file).toBe('function');
		}
		const loaded = Object.keys(load.cache).filter((file) => file.startsWith(installed));
		expect(loaded).toContain(join(installed, 'dist/vendor/zod.js'));
		// The Redis client loads only for an account with a Redis URL.
		expect(loaded).not.toContain(join(installed, 'dist/vendor/ioredis.js'));
		expect(typeof load('./dist/vendor/ioredis.js')).toBe('function');
	});
});
