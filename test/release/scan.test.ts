import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const REPO = resolve(__dirname, '..', '..');
const clone = inject('clone');
const { unpacked } = inject('release');

/**
 * Runs an ES module in a plain Node process and returns what it prints as JSON. Not in this one:
 * vitest sets NODE_ENV=test, and eslint-plugin-n8n-nodes-base then takes every file for a node file.
 */
function runModule<T>(code: string): T {
	const { NODE_ENV: _vitest, ...env } = process.env;
	return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: REPO, env, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

const GLOBALS = '@n8n/community-nodes/no-restricted-globals';
const IMPORTS = '@n8n/community-nodes/no-restricted-imports';

/**
 * Findings of n8n's scanner that are wrong for this package, each with its reason, which is also
 * written where it applies. Nothing else may be found, and each entry must still be needed.
 */
const ACCEPTED: Array<{ files: RegExp; rules: string[]; why: string }> = [
	{
		files: /^(dist\/)?nodes\/node-red\//,
		rules: [GLOBALS, IMPORTS, '@n8n/community-nodes/require-node-api-error'],
		why: 'the Node-RED runtime, which n8n never loads: it paces with timers, serves routes typed by node:http, and hands the core\'s typed errors to Catch nodes through done(err) (eslint.config.mjs)',
	},
	{
		files: /^dist\/emulator\//,
		rules: [GLOBALS, IMPORTS, 'no-console'],
		why: 'the Graph API emulator, the package\'s whatsapp-emulator command: an HTTP server of its own, started from a shell, which n8n never loads (emulator/cli.ts)',
	},
	{
		files: /^dist\/vendor\/ioredis\.js$/,
		rules: [GLOBALS, IMPORTS, 'no-console'],
		why: 'the bundled Redis client (sockets, timers, its debug output), required only for an account with a Redis URL (gulpfile.js)',
	},
	{
		files: /^nodes\/shared\//,
		rules: ['@n8n/community-nodes/require-node-api-error'],
		why: 'the core knows no n8n: its typed errors become NodeApiError / NodeOperationError in the n8n node (eslint.config.mjs)',
	},
	{
		files: /^nodes\/WhatsAppPlatform\/description\.ts$/,
		rules: ['n8n-nodes-base/node-param-default-missing'],
		why: 'the Operation default is each resource\'s first operation, read from the catalog (description.ts)',
	},
	{
		files: /^nodes\/WhatsAppPlatform\/WhatsAppPlatform\.node\.ts$/,
		rules: ['@n8n/community-nodes/webhook-lifecycle-complete'],
		why: 'Send and Wait for Reply\'s webhook only resumes a waiting execution (restartWebhook, as n8n\'s Wait node): nothing is registered at Meta, so there is no lifecycle (WhatsAppPlatform.node.ts)',
	},
];

interface Finding {
	file: string;
	rule: string;
}

/** The scanner's report (ESLint's stylish format) as file and rule pairs. */
function findings(root: string, details = ''): Finding[] {
	const found: Finding[] = [];
	let file = '';
	for (const line of stripVTControlCharacters(details).split('\n')) {
		if (line.startsWith(`${root}/`)) file = line.slice(root.length + 1).trim();
		const finding = /^\s+\d+:\d+\s+error\s.*\s(\S+)\s*$/.exec(line);
		if (finding) found.push({ file, rule: finding[1] });
	}
	return found;
}

const accepted = ({ file, rule }: Finding) => ACCEPTED.some((entry) => entry.files.test(file) && entry.rules.includes(rule));

describe('n8n\'s community package scanner (@n8n/scan-community-package) on the release', () => {
	// The scanner first checks the npm provenance of a published version, then lints the source
	// the provenance names and the published tarball. Nothing is published from here: the source
	// is the clone and the tarball is its npm pack; the provenance is CI's publish step.
	const legs: Record<'source' | 'tarball', Finding[]> = { source: [], tarball: [] };

	beforeAll(() => {
		const scan = runModule<Record<'source' | 'tarball', { message?: string; details?: string }>>(`
			import { createRequire } from 'node:module';
			const scanner = createRequire(${JSON.stringify(join(REPO, 'package.json'))}).resolve('@n8n/scan-community-package/scanner/scanner.mjs');
			const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scanner);
			const source = await analyzePackage(${JSON.stringify(clone)}, SOURCE_FILE_PATTERNS);
			const tarball = await analyzePackage(${JSON.stringify(unpacked)}, ['**/*.js', 'package.json']);
			console.log(JSON.stringify({ source, tarball }));
		`);
		for (const result of Object.values(scan)) expect([undefined, 'ESLint violations found']).toContain(result.message);
		legs.source = findings(clone, scan.source.details);
		legs.tarball = findings(unpacked, scan.tarball.details);
	}, 120_000);

	it('finds nothing in the attested source (package.json, nodes/, credentials/) but the accepted findings', () => {
		expect(legs.source.filter((finding) => !accepted(finding))).toEqual([]);
	});

	it('finds nothing in the packed files (every .js, package.json) but the accepted findings', () => {
		expect(legs.tarball.filter((finding) => !accepted(finding))).toEqual([]);
		expect(legs.tarball.map((finding) => finding.file)).not.toContain('package.json');
	});

	it('needs every accepted finding still', () => {
		const all = [...legs.source, ...legs.tarball];
		for (const entry of ACCEPTED) expect(all.some((finding) => entry.files.test(finding.file) && entry.rules.includes(finding.rule)), entry.why).toBe(true);
	});
});

describe('n8n\'s lint (n8n-node lint\'s config) on the unpacked tarball', () => {
	it('reports nothing, package.json included', () => {
		// The config and the ESLint that `n8n-node lint` runs.
		const results = runModule<Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>>(`
			import { createRequire } from 'node:module';
			const cli = createRequire(${JSON.stringify(join(REPO, 'package.json'))}).resolve('@n8n/node-cli/eslint');
			const { config } = await import(cli);
			const { ESLint } = createRequire(cli)('eslint');
			const eslint = new ESLint({ cwd: ${JSON.stringify(unpacked)}, overrideConfigFile: true, overrideConfig: config, allowInlineConfig: false });
			console.log(JSON.stringify(await eslint.lintFiles(['.'])));
		`);
		expect(results.map((result) => result.filePath)).toContain(join(unpacked, 'package.json'));
		expect(results.flatMap((result) => result.messages.map((message) => `${result.filePath}: ${message.ruleId} ${message.message}`))).toEqual([]);
	});
});
