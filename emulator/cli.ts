#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cliArgs';
import { startEmulator } from './server';

// The package's `whatsapp-emulator` bin (dist/emulator/cli.js); `npm run emulator` in a clone.
async function main() {
	let options;
	try {
		options = parseCliArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (options === 'help') return console.log(USAGE);
	const emulator = await startEmulator(options);
	const [first] = emulator.state.phoneNumbers.values();
	console.log(`Graph API emulator listening on ${emulator.url}`);
	console.log(
		`  WABA ID ${emulator.state.wabaId}, phone number ID ${first.id} (${first.display_phone_number})`,
	);
	console.log(
		`  ${options.mps ?? 80} messages/s per number; webhooks to ${options.callbackUrl ?? '(no callback set)'}`,
	);
	console.log(
		"  Set the credential's Graph API Base URL to this URL and its Access Token to the --token value.",
	);
	if (options.autoReply) console.log('  The test user answers every message it receives (--auto-reply).');
	console.log(`  Control API (this machine only): ${emulator.url}/__emulator/{state,reset,faults,clock,replies}`);
	console.log(`  WhatsApp client for Flows: POST ${emulator.url}/__emulator/flows/{flow-id}/{ping,open}, then /__emulator/flow-sessions/{id}`);
	const stop = () => void emulator.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
