import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../emulator/cliArgs';

describe('emulator CLI: arguments', () => {
	it('passes port, token, app secret, mps and callback into the options', () => {
		expect(parseCliArgs(['--port', '4011', '--token', 'T', '--app-secret', 'S', '--mps', '1000', '--callback', 'https://example.com/hook'])).toEqual({
			port: 4011,
			host: '127.0.0.1',
			token: 'T',
			appSecret: 'S',
			mps: 1000,
			callbackUrl: 'https://example.com/hook',
		});
		expect(parseCliArgs([])).toEqual({ port: 4010, host: '127.0.0.1', token: 'emulator-token', appSecret: 'emulator-app-secret' });
	});

	it.each([
		[['--port', 'abc'], /--port must be a port number/],
		[['--port', '70000'], /--port/],
		[['--mps', '0'], /--mps must be a whole number/],
		[['--mps', '1.5'], /--mps/],
		[['--callback', 'ftp://x'], /--callback must be an http/],
		[['--token', ''], /--token must not be empty/],
		[['--nope'], /Unknown option '--nope'/],
	])('refuses %j', (args, message) => {
		expect(() => parseCliArgs(args)).toThrow(message);
	});
});

describe('emulator CLI: npm run emulator', () => {
	it('starts a working emulator that accepts the token, answers the control API and prints no secret', async () => {
		const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', '--port', '0', '--token', 'Cli-T0ken', '--app-secret', 'Cli-Secret', '--mps', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			let output = '';
			child.stdout!.on('data', (chunk) => (output += chunk));
			while (!/Control API/.test(output)) await once(child.stdout!, 'data');
			const url = /listening on (http:\/\/\S+)/.exec(output)![1];
			expect(output).toContain('5 messages/s per number');
			expect(output).not.toMatch(/Cli-T0ken|Cli-Secret/);
			const sent = await fetch(`${url}/v24.0/106540352242922/messages`, {
				method: 'POST',
				headers: { authorization: 'Bearer Cli-T0ken', 'content-type': 'application/json' },
				body: JSON.stringify({ messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Hi' } }),
			});
			expect(sent.status).toBe(200);
			const state = (await (await fetch(`${url}/__emulator/state`)).json()) as { messages: unknown[]; requests: number };
			expect([state.messages.length, state.requests]).toEqual([1, 1]);
		} finally {
			child.kill('SIGTERM');
			if (child.exitCode === null) await once(child, 'exit');
		}
	});
});
