import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHARED = resolve(__dirname, '../../nodes/shared');
const PACING = join(SHARED, 'pacing');

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
	});
}

/** What a file names in `import … from`, `export … from`, `import(…)` and `require(…)`, type-only imports included. */
function specifiers(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1]);
}

/** The file a relative specifier names (`./x` is x.ts or x/index.ts). */
function resolveLocal(from: string, specifier: string): string {
	const base = resolve(dirname(from), specifier);
	const found = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
	if (!found) throw new Error(`${relative(SHARED, from)} imports ${specifier}, which is no .ts file`);
	return found;
}

const isRelative = (specifier: string) => specifier.startsWith('.');
const name = (file: string) => relative(SHARED, file).split(sep).join('/');

/** The import graph of nodes/shared: each file and the files of nodes/shared it imports. */
function importGraph(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of sources(SHARED)) {
		const local = specifiers(file).filter(isRelative).map((specifier) => resolveLocal(file, specifier));
		graph.set(file, local.filter((target) => target.startsWith(SHARED + sep)));
	}
	return graph;
}

/** The first loop found by a depth-first walk, as a path of files back to its start; undefined when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
	const done = new Set<string>();
	const path: string[] = [];
	const visit = (file: string): string[] | undefined => {
		const open = path.indexOf(file);
		if (open >= 0) return [...path.slice(open), file];
		if (done.has(file)) return undefined;
		path.push(file);
		for (const target of graph.get(file) ?? []) {
			const cycle = visit(target);
			if (cycle) return cycle;
		}
		path.pop();
		done.add(file);
		return undefined;
	};
	for (const file of graph.keys()) {
		const cycle = visit(file);
		if (cycle) return cycle;
	}
	return undefined;
}

describe('the core\'s import structure', () => {
	it('keeps the pacer pure: pacing/ imports only its own files, Node built-ins and its Redis client', () => {
		const outside = sources(PACING).flatMap((file) =>
			specifiers(file)
				.filter((specifier) => (isRelative(specifier) ? !resolveLocal(file, specifier).startsWith(PACING + sep) : !specifier.startsWith('node:') && specifier !== 'ioredis'))
				.map((specifier) => `${name(file)} imports ${specifier}`),
		);
		expect(outside).toEqual([]);
	});

	it('has no import loop anywhere in nodes/shared (type-only imports included)', () => {
		const graph = importGraph();
		expect(graph.size).toBeGreaterThan(100);
		expect(findCycle(graph)?.map(name).join(' -> ')).toBeUndefined();
	});

	it('finds a loop when there is one (the walk itself)', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a', 'd']],
			['d', []],
		]);
		expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
		expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeUndefined();
	});
});
