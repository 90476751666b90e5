// Build: TypeScript to CommonJS in dist/ (the nodes, the credential and the Graph API emulator),
// then the files tsc does not copy: n8n codex files, icons, and the Node-RED editor .html beside
// each compiled runtime .js (n8n-node build copies only png/svg, and Node-RED finds a node's .html
// next to its .js) with its help filled from the catalog; last the bundled libraries.
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const { chmodSync, readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, sep } = require('node:path');

function clean(done) {
	rmSync('dist', { recursive: true, force: true });
	done();
}

function compile(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
	done();
}

// The package's `whatsapp-emulator` bin, executable so that dist/ runs it as an install does (tsc
// keeps its `#!/usr/bin/env node` line).
function emulatorBin(done) {
	chmodSync('dist/emulator/cli.js', 0o755);
	done();
}

function icons() {
	return src('icons/*.{svg,png}', { encoding: false }).pipe(dest('dist/icons'));
}

function nodeAssets() {
	return src(['nodes/**/*.html', 'nodes/**/*.node.json', 'nodes/**/icons/*'], { base: 'nodes', encoding: false }).pipe(
		dest('dist/nodes'),
	);
}

// The send and manage nodes' help sidebar lists each operation with its fields, from the catalog
// (scripts/nodeRedHelp.ts, run from source as scripts/writeDocs.ts is).
function nodeRedHelp(done) {
	const unregister = require('tsx/cjs/api').register();
	require('./scripts/nodeRedHelp.ts').writeNodeRedHelp(['send', 'manage'].map((node) => `dist/nodes/node-red/whatsapp-platform-${node}.html`));
	unregister();
	done();
}

// The runtime libraries, bundled into dist/vendor once each, so that the package installs with no
// dependencies: n8n's community-package rules allow none, and Node-RED's palette installs with
// --omit=dev. ioredis stays behind a require inside connectRedis, so it loads only for an account
// with a Redis URL. esbuild bundles a library with its own dependencies into one CommonJS file.
// n8n's package scanner lints every .js of the package under its cloud rules; in ioredis.js it
// finds what a Redis client is made of (sockets, timers, debug output): test/release/scan.test.ts
// accepts those for that file alone.
const VENDORED = ['zod', 'ioredis'];
const VENDOR_DIR = 'dist/vendor';
const VENDORED_REQUIRE = new RegExp(`require\\((['"])(${VENDORED.join('|')})\\1\\)`, 'g');

async function vendor() {
	const esbuild = require('esbuild');
	const target = `node${require('./package.json').engines.node.replace(/^>=\s*/, '')}`;
	const packages = new Map();
	for (const name of VENDORED) {
		const { metafile } = await esbuild.build({
			entryPoints: [require.resolve(name)],
			outfile: `${VENDOR_DIR}/${name}.js`,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target,
			metafile: true,
			logLevel: 'warning',
		});
		for (const input of Object.keys(metafile.inputs)) {
			const root = packageRoot(input);
			if (root) packages.set(root, licenseOf(root));
		}
	}
	writeFileSync(`${VENDOR_DIR}/LICENSES.txt`, [...packages.values()].sort().join('\n\n'));
	for (const file of readdirSync('dist', { recursive: true })) {
		const path = join('dist', file);
		if (!path.endsWith('.js') || path.startsWith(VENDOR_DIR + sep)) continue;
		const code = readFileSync(path, 'utf8');
		const linked = code.replace(VENDORED_REQUIRE, (_, quote, name) => {
			const bundle = relative(dirname(path), join(VENDOR_DIR, name)).split(sep).join('/');
			return `require("${bundle.startsWith('.') ? bundle : `./${bundle}`}")`;
		});
		if (linked !== code) writeFileSync(path, linked);
	}
}

/** node_modules/<name>/… or node_modules/@scope/<name>/… of a bundled file. */
function packageRoot(input) {
	const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
	return match?.[1];
}

function licenseOf(root) {
	const { name, version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const file = readdirSync(root).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
	return `${name}@${version} (${license})\n\n${file ? readFileSync(join(root, file), 'utf8').trim() : ''}`;
}

exports.build = series(clean, compile, emulatorBin, icons, nodeAssets, nodeRedHelp, vendor);
exports.default = exports.build;
