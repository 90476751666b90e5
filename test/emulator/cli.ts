import { parseArgs } from 'node:util';
import { startEmulator } from './server';

// npm run emulator -- --port 4010 --token T --app-secret S
const { values } = parseArgs({
	options: {
		port: { type: 'string', default: '4010' },
		host: { type: 'string', default: '127.0.0.1' },
		token: { type: 'string', default: 'emulator-token' },
		'app-secret': { type: 'string', default: 'emulator-app-secret' },
	},
});

async function main() {
	const emulator = await startEmulator({
		port: Number(values.port),
		host: values.host,
		token: values.token!,
		appSecret: values['app-secret']!,
	});
	const [first] = emulator.state.phoneNumbers.values();
	console.log(`Graph API emulator listening on ${emulator.url}`);
	console.log(`  WABA ID ${emulator.state.wabaId}, phone number ID ${first.id} (${first.display_phone_number})`);
	console.log("  Set the credential's Graph API Base URL to this URL and its Access Token to the --token value.");
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
