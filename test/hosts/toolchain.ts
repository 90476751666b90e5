import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { REPO } from './pack';

/**
 * The real hosts the tests run, each on the Node major it is tested with. A Node, an n8n or a
 * Node-RED the machine lacks is installed once into a cache outside the repository, keyed by
 * version, so that a fresh machine installs them and reruns are fast.
 */
const HOST_CACHE = process.env.FLOWPACE_HOST_CACHE ?? join(homedir(), '.cache', 'flowpace-hosts');

export interface HostRelease {
	version: string;
	/** The Node major it runs on. */
	node: string;
	/** npm overrides for dependencies the registry cannot serve. */
	overrides?: Record<string, string>;
}

/**
 * The newest of each host, and the newest of each previous major on the oldest Node it runs on.
 * n8n@2.41.x does not install from the registry (a missing dependency); 2.40.7 does, without scripts.
 * n8n 1.123 declares Node >= 20.19, but its default expression engine needs isolated-vm 6, whose
 * native module exists for Node 22 and 24 only (it does not compile against Node 20's V8), so n8n 1.x
 * runs on Node 22; Node-RED 4 runs on Node 20. An install builds native modules (sqlite3) for its
 * Node, so a version keeps one Node major here.
 */
const repoNodeRed = join(REPO, 'node_modules', 'node-red');
const HOSTS = {
	// Node-RED 5 is the repository's own devDependency.
	current: { n8n: { version: '2.40.7', node: '24' }, nodeRed: { version: JSON.parse(readFileSync(join(repoNodeRed, 'package.json'), 'utf8')).version, node: '24' } },
	previous: {
		// n8n-nodes-base 1.x takes xlsx from cdn.sheetjs.com, outside the npm registry: the registry's
		// last xlsx stands in (only the spreadsheet nodes use it).
		n8n: { version: '1.123.81', node: '22', overrides: { xlsx: '0.18.5' } },
		nodeRed: { version: '4.1.15', node: '20' },
	},
} satisfies Record<string, { n8n: HostRelease; nodeRed: HostRelease }>;

type HostLine = keyof typeof HOSTS;

/** The hosts a test run uses: FLOWPACE_HOSTS=previous (set by the vitest project) picks the older majors. */
export function selectedHosts(env: NodeJS.ProcessEnv = process.env) {
	const line = (env.FLOWPACE_HOSTS ?? 'current') as HostLine;
	if (!(line in HOSTS)) throw new Error(`FLOWPACE_HOSTS must be one of ${Object.keys(HOSTS).join(', ')}, not "${line}"`);
	return HOSTS[line];
}

function installOnce(dir: string, install: () => void, overrides?: Record<string, string>): string {
	const done = join(dir, '.complete');
	if (existsSync(done)) return dir;
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'flowpace-host', private: true, overrides }));
	const started = Date.now();
	install();
	// A first run installs a host for minutes: the log says where the time went.
	// eslint-disable-next-line no-console
	console.log(`[hosts] installed ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
	writeFileSync(done, new Date().toISOString());
	return dir;
}

const npm = (cwd: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
	execFileSync('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], { cwd, env, stdio: 'inherit' });

/** Where a Node of this major is cached, and whether ensureNode downloads it first (npm's `node` package, about 190 MB). */
export function nodeDownload(major: string): { dir: string; needed: boolean } {
	const dir = join(HOST_CACHE, `node-${major}`);
	return { dir, needed: process.versions.node.split('.')[0] !== major && !existsSync(join(dir, '.complete')) };
}

/** The bin folder of a Node of this major: the one running the tests when it matches, else one from npm. */
export function ensureNode(major: string): string {
	if (process.versions.node.split('.')[0] === major) return dirname(process.execPath);
	const { dir } = nodeDownload(major);
	installOnce(dir, () =>
		// Its preinstall script fetches the platform binary package: scripts must run here, even
		// when npm was started from this repository (whose .npmrc turns them off).
		npm(dir, ['install', '--ignore-scripts=false', `node@${major}`]),
	);
	return join(dir, 'node_modules', '.bin');
}

/** An environment whose `node` and `npm` are those of a Node of this major. */
export function nodeEnv(major: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return { ...process.env, PATH: `${ensureNode(major)}${delimiter}${process.env.PATH}`, ...extra };
}

/** The demo's Node-RED 5 runs on Node 24. */
export const node24Env = (extra: NodeJS.ProcessEnv = {}) => nodeEnv('24', extra);

/** The n8n CLI, installed without install scripts, then sqlite3 built from source. */
export function ensureN8n(release: HostRelease): string {
	const dir = join(HOST_CACHE, `n8n-${release.version}`);
	installOnce(dir, () => {
		const env = nodeEnv(release.node);
		npm(dir, ['install', `n8n@${release.version}`, '--ignore-scripts'], env);
		npm(dir, ['rebuild', '--ignore-scripts=false', 'sqlite3'], { ...env, npm_config_build_from_source: 'true' });
	}, release.overrides);
	return join(dir, 'node_modules', '.bin', 'n8n');
}

/** Node-RED's red.js: the repository's own Node-RED 5, or an older release installed into the cache. */
export function ensureNodeRed(release: HostRelease): string {
	if (release === HOSTS.current.nodeRed) return join(repoNodeRed, 'red.js');
	const dir = installOnce(join(HOST_CACHE, `node-red-${release.version}`), () =>
		npm(join(HOST_CACHE, `node-red-${release.version}`), ['install', '--omit=dev', `node-red@${release.version}`], nodeEnv(release.node)),
	);
	return join(dir, 'node_modules', 'node-red', 'red.js');
}
