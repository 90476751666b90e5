import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every .ts and .js file under a folder of the repository, as absolute paths. */
function sources(folder: string): string[] {
	return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
		.filter((file) => /\.(ts|js)$/.test(file))
		.map((file) => join(root, folder, file));
}

/** The module specifiers a file imports, requires or imports dynamically. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*|\brequire\(\s*)'([^']+)'/g)].map((match) => match[1]);
}

describe('the emulator is a command of the package, loaded only when started', () => {
	it('is the whatsapp-emulator bin: the built CLI, executable, run by node', () => {
		expect(manifest.bin).toEqual({ 'whatsapp-emulator': 'dist/emulator/cli.js' });
		const cli = join(root, manifest.bin['whatsapp-emulator']);
		expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
		expect(statSync(cli).mode & 0o111).toBe(0o111);
		expect(manifest.files).toContain('dist');
	});

	it('needs nothing but node built-ins and its own files, so it adds no runtime dependency', () => {
		const emulator = join(root, 'emulator');
		expect(sources('emulator').length).toBeGreaterThan(30);
		for (const file of sources('emulator')) {
			for (const specifier of importsOf(file)) {
				const own = specifier.startsWith('.') && !relative(emulator, resolve(dirname(file), specifier)).startsWith('..');
				expect(own || specifier.startsWith('node:'), `${relative(root, file)} imports ${specifier}`).toBe(true);
			}
		}
	});

	it('is imported by no node, credential or editor script', () => {
		for (const file of [...sources('nodes'), ...sources('credentials'), ...sources('resources')]) {
			for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
				const target = relative(root, resolve(dirname(file), specifier));
				expect(target.startsWith('emulator'), `${relative(root, file)} imports ${specifier}`).toBe(false);
			}
		}
	});
});
