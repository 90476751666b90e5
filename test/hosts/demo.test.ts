import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './nodeRedHost';
import { REPO } from './pack';

describe('npm start (the demo)', () => {
	it('starts the emulator and a Node-RED whose example flow sends a text and shows the message id', async () => {
		const [emulatorPort, editorPort] = [await freePort(), await freePort()];
		const demo = spawn(join(REPO, 'node_modules', '.bin', 'tsx'), ['demo/start.ts'], {
			cwd: REPO,
			env: { ...process.env, EMULATOR_PORT: String(emulatorPort), PORT: String(editorPort), DEMO_DIR: mkdtempSync(join(tmpdir(), 'flowpace-demo-')) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		demo.stdout.on('data', (chunk) => (output += chunk));
		demo.stderr.on('data', (chunk) => (output += chunk));
		const waitFor = async (pattern: RegExp) => {
			for (let i = 0; i < 600 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 100));
			expect(output).toMatch(pattern);
		};
		try {
			await waitFor(/Node-RED editor: http:\/\/127\.0\.0\.1:\d+\//);
			expect(output).toContain(`Node-RED editor: http://127.0.0.1:${editorPort}/`);
			const editor = await fetch(`http://127.0.0.1:${editorPort}/`);
			expect(editor.status).toBe(200);
			const pressed = await fetch(`http://127.0.0.1:${editorPort}/inject/f1a0c0de00000003`, { method: 'POST' });
			expect(pressed.status).toBe(200);
			await waitFor(/messageId: 'wamid\.[\w-]+'/);
			const accepted = /\[emulator\] accepted text to \+16505551234: (wamid\.[\w-]+)/.exec(output);
			expect(accepted).not.toBeNull();
			expect(output).toContain(`messageId: '${accepted![1]}'`);
			expect(output).toContain('"text":{"body":"Your order 4711 has shipped and arrives tomorrow.","preview_url":false}');
		} finally {
			demo.kill('SIGTERM');
		}
	});
});
