import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/server';
import { node24Env } from '../test/hosts/toolchain';

/**
 * `npm start`: the Graph API emulator and a Node-RED 5 with this package and the example flow,
 * configured against the emulator. No Meta account needed.
 */
const REPO = resolve(__dirname, '..');
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4010);
const EDITOR_PORT = Number(process.env.PORT ?? 1880);
const TOKEN = 'demo-access-token';

async function main() {
	const emulator = await startEmulator({ port: EMULATOR_PORT, token: TOKEN, appSecret: 'demo-app-secret' });
	const previous = emulator.hooks.messageAccepted;
	emulator.hooks.messageAccepted = (message) => {
		previous(message);
		console.log(`[emulator] accepted ${message.type} to +${message.to}: ${message.id}\n           ${JSON.stringify(message.body)}`);
	};
	console.log(`[emulator] Graph API emulator on ${emulator.url} (token "${TOKEN}")`);

	const userDir = process.env.DEMO_DIR ?? join(REPO, '.demo', 'node-red');
	mkdirSync(userDir, { recursive: true });
	writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'flowpace-demo', private: true }));
	console.log('[demo] installing the package into the Node-RED user dir');
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--engine-strict', '--loglevel=error', REPO], {
		cwd: userDir,
		env: node24Env(),
		stdio: 'inherit',
	});

	const flows = JSON.parse(readFileSync(join(REPO, 'examples', 'send-text.json'), 'utf8'));
	const account = flows.find((node: { type: string }) => node.type === 'whatsapp-platform-config');
	account.baseUrl = emulator.url;
	writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
	writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify({ [account.id]: { accessToken: TOKEN } }));
	writeFileSync(
		join(userDir, 'settings.js'),
		`module.exports = ${JSON.stringify({ flowFile: 'flows.json', credentialSecret: false, uiHost: '127.0.0.1', uiPort: EDITOR_PORT })};`,
	);

	const red = spawn('node', [join(REPO, 'node_modules', 'node-red', 'red.js'), '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
		env: node24Env(),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	red.stdout.on('data', (chunk: Buffer) => {
		process.stdout.write(chunk);
		if (chunk.toString().includes('Started flows')) {
			console.log(`\n[demo] Node-RED editor: http://127.0.0.1:${EDITOR_PORT}/  (press the inject button of "order shipped")\n`);
		}
	});
	const stop = () => {
		red.kill('SIGTERM');
		void emulator.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	red.on('exit', (code) => {
		console.log(`[demo] Node-RED exited (${code})`);
		void emulator.stop().then(() => process.exit(code ?? 0));
	});
}

void main();
