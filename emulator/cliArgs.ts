import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './server';

export const USAGE = `Usage: whatsapp-emulator [--port 4010] [--host 127.0.0.1] [--token T] [--app-secret S] [--mps 80] [--callback URL] [--auto-reply]
       (in a clone of the repository: npm run emulator -- [options])

  --port        port to listen on (0 picks a free one); 4010 by default
  --host        address to listen on; 127.0.0.1 by default
  --token       the access token the emulated account accepts; emulator-token by default
  --app-secret  the app secret webhooks are signed with; emulator-app-secret by default
  --mps         messages per second per phone number before error 130429 (80, or 1000 for HIGH)
  --callback    the webhook callback URL events are POSTed to
  --auto-reply  the test user answers every message: the first button or row, else a text
  --help, -h    this text`;

/** The emulator's options from the command line; throws a message naming the bad flag. */
export function parseCliArgs(args: string[]): EmulatorOptions | 'help' {
	const { values } = parseArgs({
		args,
		options: {
			port: { type: 'string', default: '4010' },
			host: { type: 'string', default: '127.0.0.1' },
			token: { type: 'string', default: 'emulator-token' },
			'app-secret': { type: 'string', default: 'emulator-app-secret' },
			mps: { type: 'string' },
			callback: { type: 'string' },
			'auto-reply': { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) return 'help';
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be a port number 0-65535, got "${values.port}"`);
	const mps = values.mps === undefined ? undefined : Number(values.mps);
	if (mps !== undefined && !(Number.isInteger(mps) && mps > 0))
		throw new Error(`--mps must be a whole number of messages per second above 0, got "${values.mps}"`);
	if (values.callback !== undefined && !/^https?:\/\/\S+$/.test(values.callback)) {
		throw new Error(`--callback must be an http:// or https:// URL, got "${values.callback}"`);
	}
	if (!values.token) throw new Error('--token must not be empty');
	if (!values['app-secret']) throw new Error('--app-secret must not be empty');
	return {
		port,
		host: values.host,
		token: values.token,
		appSecret: values['app-secret'],
		...(mps !== undefined ? { mps } : {}),
		...(values.callback !== undefined ? { callbackUrl: values.callback } : {}),
		...(values['auto-reply'] ? { autoReply: true } : {}),
	};
}
