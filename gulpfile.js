// Build: TypeScript to CommonJS in dist/ (the nodes, the credential and the Graph API emulator),
// then the files tsc does not copy: n8n codex files, icons, and the Node-RED editor .html beside
// each compiled runtime .js (n8n-node build copies only png/svg, and Node-RED finds a node's .html
// next to its .js).
const { src, dest, series } = require('gulp');
const { execFileSync } = require('node:child_process');
const { chmodSync, rmSync } = require('node:fs');

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

exports.build = series(clean, compile, emulatorBin, icons, nodeAssets);
exports.default = exports.build;
