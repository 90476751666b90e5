import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A fresh clone of the committed HEAD, installed as CI installs it. */
		clone: string;
		/** What `npm pack` made in that clone, and the same unpacked. */
		release: { tarball: string; unpacked: string };
	}
}

const REPO = resolve(__dirname, '..', '..');

const run = (cwd: string, command: string, args: string[]) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * What a release is made of: the committed HEAD cloned into an empty folder, `npm ci` (from the
 * local npm cache where it can) and `npm pack`, whose prepack builds. Nothing of this working
 * tree's dist/ or node_modules/ is used, and the repository's own npm settings apply.
 */
export default function setup(project: TestProject) {
	const work = mkdtempSync(join(tmpdir(), 'flowpace-release-'));
	const clone = join(work, 'clone');
	run(work, 'git', ['clone', '--quiet', '--no-checkout', `file://${REPO}`, clone]);
	run(clone, 'git', ['checkout', '--quiet', '--detach', run(REPO, 'git', ['rev-parse', 'HEAD']).trim()]);
	run(clone, 'npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--strict-allow-scripts']);
	const out = join(work, 'pack');
	mkdirSync(out);
	run(clone, 'npm', ['pack', '--pack-destination', out, '--silent']);
	const tarball = join(out, readdirSync(out).find((name) => name.endsWith('.tgz'))!);
	const unpacked = join(work, 'unpacked');
	mkdirSync(unpacked);
	run(work, 'tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	project.provide('clone', clone);
	project.provide('release', { tarball, unpacked });
	return () => rmSync(work, { recursive: true, force: true });
}
