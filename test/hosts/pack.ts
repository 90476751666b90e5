import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..');

/**
 * `npm pack` of the built package, as the registry would serve it. The tests build first, so the
 * package's prepack (the same build) is skipped.
 */
export function packPackage(): string {
	const out = mkdtempSync(join(tmpdir(), 'flowpace-pack-'));
	const name = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out, '--silent'], { cwd: REPO, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop()!;
	return join(out, name);
}
