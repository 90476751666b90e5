import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/server';
import { node24Env, nodeDownload } from '../test/hosts/toolchain';

/**
 * `npm start`: the Graph API emulator and a Node-RED 5 with this package and two example flows
 * (send a text, receive webhooks) configured against the emulator, whose test user answers every
 * message. No Meta account needed.
 */
const REPO = resolve(__dirname, '..');
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4010);
const EDITOR_PORT = Number(process.env.PORT ?? 1880);
const TOKEN = 'demo-access-token';
const APP_SECRET = 'demo-app-secret';
const VERIFY_TOKEN = 'demo-verify-token';

interface FlowNode {
	id: string;
	type: string;
	[key: string]: unknown;
}

const example = (name: string): FlowNode[] => JSON.parse(readFileSync(join(REPO, 'examples', `${name}.json`), 'utf8'));

/** Both example flows on one account, the emulator's. */
function demoFlows(emulatorUrl: string) {
	const send = example('send-text');
	const receive = example('receive-webhooks');
	const account = send.find((node) => node.type === 'whatsapp-platform-config')!;
	account.baseUrl = emulatorUrl;
	const flows = [...send, ...receive.filter((node) => node.type !== 'whatsapp-platform-config')];
	for (const node of flows) if (node.type === 'whatsapp-platform-webhook') node.account = account.id;
	return { flows, credentials: { [account.id]: { accessToken: TOKEN, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } } };
}

/**
 * Node-RED's own settings, plus no dialog over the workspace on the first visit: neither the
 * telemetry and update-check prompt nor the welcome tour (Node-RED's settings.js: `telemetry`,
 * `editorTheme.tours`).
 */
const settings = {
	flowFile: 'flows.json',
	credentialSecret: false,
	uiHost: '127.0.0.1',
	uiPort: EDITOR_PORT,
	telemetry: { enabled: false, updateNotification: false },
	editorTheme: { tours: false },
};

/** Node-RED 5 needs Node 22.9 or later; the demo runs it on Node 24, downloaded once when this Node is another. */
function announceNode() {
	const { dir, needed } = nodeDownload('24');
	if (needed) {
		console.log(`[demo] Node-RED 5 runs on Node.js 24 and this is Node.js ${process.version}: downloading Node.js 24 once`);
		console.log(`       from the npm registry (the "node" package, about 190 MB) into ${dir}`);
		console.log('       (set FLOWPACE_HOST_CACHE to put it elsewhere; later runs reuse it)');
	} else if (!process.versions.node.startsWith('24.')) {
		console.log(`[demo] Node-RED 5 runs on the Node.js 24 cached in ${dir}`);
	}
}

async function main() {
	const editorUrl = `http://127.0.0.1:${EDITOR_PORT}`;
	const emulator = await startEmulator({ port: EMULATOR_PORT, token: TOKEN, appSecret: APP_SECRET, callbackUrl: `${editorUrl}/whatsapp`, autoReply: true });
	const previous = emulator.hooks.messageAccepted;
	emulator.hooks.messageAccepted = (message) => {
		previous(message);
		console.log(`[emulator] accepted ${message.type} to +${message.to}: ${message.id}\n           ${JSON.stringify(message.body)}`);
	};
	const automatic = emulator.replies.automatic.bind(emulator.replies);
	emulator.replies.automatic = (message) => {
		const answer = automatic(message);
		if (answer) console.log(`[emulator] the test user +${message.to} answers ${message.id}; the webhook goes to ${editorUrl}/whatsapp`);
		return answer;
	};
	console.log(`[emulator] Graph API emulator on ${emulator.url} (token "${TOKEN}"); its test user answers every message`);

	announceNode();
	const env = node24Env();
	const userDir = process.env.DEMO_DIR ?? join(REPO, '.demo', 'node-red');
	mkdirSync(userDir, { recursive: true });
	writeFileSync(join(userDir, 'package.json'), JSON.stringify({ name: 'flowpace-demo', private: true }));
	console.log(`[demo] installing this package into the Node-RED user dir ${userDir}`);
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--engine-strict', '--loglevel=error', REPO], { cwd: userDir, env, stdio: 'inherit' });

	const { flows, credentials } = demoFlows(emulator.url);
	writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
	writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
	writeFileSync(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings)};`);

	const red = spawn('node', [join(REPO, 'node_modules', 'node-red', 'red.js'), '--userDir', userDir, '--settings', join(userDir, 'settings.js')], {
		env,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	red.stdout.on('data', (chunk: Buffer) => {
		process.stdout.write(chunk);
		if (chunk.toString().includes('Started flows')) {
			console.log(`\n[demo] Node-RED editor: ${editorUrl}/`);
			console.log('[demo] Press the inject button of "order shipped": the emulator accepts the text, its test user');
			console.log('       answers, and the debug sidebar shows the message id, the statuses and the answer.\n');
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
