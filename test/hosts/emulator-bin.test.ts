import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const PHONE_ID = '106540352242922';
const TOKEN = 'Bin-T0ken';

/** Waits until the process printed a line matching `pattern`; fails if it cannot start or exits first. */
function printed(child: ChildProcess, pattern: RegExp): Promise<string> {
	return new Promise((resolve, reject) => {
		let output = '';
		const read = (chunk: Buffer) => {
			output += chunk.toString();
			if (pattern.test(output)) resolve(output);
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`whatsapp-emulator exited (${code}):\n${output}`)));
	});
}

describe('whatsapp-emulator from the package alone (npm install --omit=dev of the tarball)', () => {
	let bin: string;
	let emulator: ChildProcess;
	let url: string;
	let banner: string;

	beforeAll(async () => {
		const dir = mkdtempSync(join(tmpdir(), 'flowpace-emulator-'));
		await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=dev', inject('tarball')], { cwd: dir });
		bin = join(dir, 'node_modules', '.bin', 'whatsapp-emulator');
		emulator = spawn(bin, ['--port', '0', '--token', TOKEN, '--app-secret', 'Bin-Secret'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
		banner = await printed(emulator, /Control API/);
		url = /listening on (http:\/\/\S+)/.exec(banner)![1];
	});

	afterAll(async () => {
		if (!emulator || emulator.exitCode !== null) return;
		const exited = new Promise((resolve) => emulator.once('exit', resolve));
		emulator.kill('SIGTERM');
		await exited;
	});

	const sendText = (token: string) =>
		fetch(`${url}/v24.0/${PHONE_ID}/messages`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'Dry run' } }),
		});

	it('prints its usage for --help', async () => {
		const { stdout } = await run(bin, ['--help']);
		expect(stdout).toMatch(/^Usage: whatsapp-emulator \[--port 4010\]/);
		expect(stdout).toContain('--callback');
	});

	it('says where it listens and what to set in the credential, without printing the token', () => {
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(banner).toContain(`phone number ID ${PHONE_ID}`);
		expect(banner).toContain("Set the credential's Graph API Base URL to this URL");
		expect(banner).not.toMatch(/Bin-T0ken|Bin-Secret/);
	});

	it('accepts a text message sent with the token: a wamid, and the message in its state', async () => {
		const response = await sendText(TOKEN);
		expect(response.status).toBe(200);
		const answer = (await response.json()) as { contacts: Array<{ wa_id: string }>; messages: Array<{ id: string }> };
		expect(answer.contacts[0].wa_id).toBe('16505551234');
		expect(answer.messages[0].id).toMatch(/^wamid\.[\w-]+/);
		const state = (await (await fetch(`${url}/__emulator/state`)).json()) as { messages: Array<{ id: string; to: string; body: { text: unknown } }> };
		expect(state.messages).toEqual([expect.objectContaining({ id: answer.messages[0].id, to: '16505551234', body: expect.objectContaining({ text: { body: 'Dry run' } }) })]);
	});

	it("answers a wrong token with Meta's error 190 and accepts nothing", async () => {
		const before = (await (await fetch(`${url}/__emulator/state`)).json()) as { messages: unknown[] };
		const response = await sendText('not-the-token');
		expect(response.status).toBe(401);
		const answer = (await response.json()) as { error: { code: number; type: string } };
		expect(answer.error).toMatchObject({ code: 190, type: 'OAuthException' });
		const after = (await (await fetch(`${url}/__emulator/state`)).json()) as { messages: unknown[] };
		expect(after.messages).toHaveLength(before.messages.length);
	});
});
