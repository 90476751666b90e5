import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The real hosts the tests run: n8n 2.x and Node-RED 5 need Node 24, which comes from npm.
 * Both are installed once into a cache outside the repository, keyed by version, so that a
 * fresh machine installs them and reruns are fast.
 */
export const HOST_CACHE = process.env.FLOWPACE_HOST_CACHE ?? join(homedir(), '.cache', 'flowpace-hosts');
export const NODE_VERSION = '24';
// n8n@2.41.x does not install from the registry (a missing dependency); 2.40.7 does, without scripts.
export const N8N_VERSION = '2.40.7';

function installOnce(dir: string, install: () => void): string {
	const done = join(dir, '.complete');
	if (existsSync(done)) return dir;
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'flowpace-host', private: true }));
	install();
	writeFileSync(done, new Date().toISOString());
	return dir;
}

const npm = (cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
	execFileSync('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd, env, stdio: 'inherit' });

/** The bin folder of a Node 24 from npm. */
export function ensureNode(): string {
	const dir = installOnce(join(HOST_CACHE, `node-${NODE_VERSION}`), () =>
		// Its preinstall script fetches the platform binary package: scripts must run here, even
		// when npm was started from this repository (whose .npmrc turns them off).
		npm(join(HOST_CACHE, `node-${NODE_VERSION}`), ['install', '--ignore-scripts=false', `node@${NODE_VERSION}`]),
	);
	return join(dir, 'node_modules', '.bin');
}

/** An environment whose `node` and `npm` are Node 24's. */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return { ...process.env, PATH: `${ensureNode()}${delimiter}${process.env.PATH}`, ...extra };
}

/** The n8n CLI, installed as hosts.md says: without install scripts, then sqlite3 built from source. */
export function ensureN8n(): string {
	const dir = join(HOST_CACHE, `n8n-${N8N_VERSION}`);
	installOnce(dir, () => {
		const env = node24Env();
		npm(dir, ['install', `n8n@${N8N_VERSION}`, '--ignore-scripts'], env);
		npm(dir, ['rebuild', '--ignore-scripts=false', 'sqlite3'], { ...env, npm_config_build_from_source: 'true' });
	});
	return join(dir, 'node_modules', '.bin', 'n8n');
}
