import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');

/** Every source and document of the repository; what the build and the tests write is left out. */
const FOLDERS = ['nodes', 'credentials', 'emulator', 'resources', 'examples', 'docs', 'test', 'bench', 'demo', 'scripts'];
const FILES = ['README.md', 'CHANGELOG.md', 'gulpfile.js', 'eslint.config.mjs', 'vitest.config.ts'];
const TEXT = new Set(['.ts', '.js', '.mjs', '.html', '.md', '.json']);
const SKIPPED = new Set(['node_modules', 'dist', 'artifacts']);

function sources(folder: string): string[] {
	return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sources(path);
		return TEXT.has(extname(entry.name)) ? [path] : [];
	});
}

/**
 * What a reader of the repository cannot follow: a section sign (a section of a document that is
 * not here), an issue number, or the outside reference documents by name.
 */
const UNFOLLOWABLE: Array<[string, RegExp]> = [
	['a section sign', /\u00a7/],
	['an issue number', /\bissues?\s*#?\d+|\b(?:see|fixes|closes|refs?)\s+#\d+/i],
	['an outside reference document', /\b(?:whatsapp-cloud-api|hosts|style)\.md\b/],
];

describe('comments and documents cite what a reader can follow', () => {
	const files = [...FOLDERS.flatMap(sources), ...FILES];

	it('reads every source folder', () => {
		for (const folder of FOLDERS) expect(files.some((file) => file.startsWith(`${folder}/`)), folder).toBe(true);
	});

	it('cites Meta\'s pages or this repository, never a section sign, an issue number or an outside document', () => {
		const found: string[] = [];
		for (const file of files) {
			readFileSync(join(root, file), 'utf8')
				.split('\n')
				.forEach((line, index) => {
					for (const [what, pattern] of UNFOLLOWABLE) if (pattern.test(line)) found.push(`${relative('.', file)}:${index + 1} cites ${what}: ${line.trim()}`);
				});
		}
		expect(found).toEqual([]);
	});
});
