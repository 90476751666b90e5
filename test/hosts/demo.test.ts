import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser } from './browser';
import { freePort } from './nodeRedHost';
import { REPO } from './pack';

/** Everything that can cover the workspace: a modal shade (the telemetry and update-check prompt) or the welcome tour. */
const BLOCKING = '.red-ui-shade:visible, .red-ui-dialog:visible, .red-ui-tourGuide-shade:visible, .red-ui-tourGuide-popover:visible';

describe('npm start (the demo)', () => {
	it('opens an editor with no dialog, sends a text from the inject button, and shows the test user\'s answer in the debug sidebar', async () => {
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
		let browser: Browser | undefined;
		try {
			await waitFor(/Node-RED editor: http:\/\/127\.0\.0\.1:\d+\//);
			expect(output).toContain(`Node-RED editor: http://127.0.0.1:${editorPort}/`);
			// It says where Node 24 comes from before it uses it (the test runs on Node 20, Node 24 cached).
			expect(output).toMatch(/\[demo\] Node-RED 5 runs on (Node\.js 24 and this is|the Node\.js 24 cached in) /);

			browser = await launchBrowser();
			const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
			await page.goto(`http://127.0.0.1:${editorPort}/`);
			await page.waitForSelector('g#f1a0c0de00000003 .red-ui-flow-node-button', { timeout: 60_000 });
			// The prompts open a moment after the workspace is drawn: give them the time to appear.
			await page.waitForTimeout(2_000);
			expect(await page.locator(BLOCKING).count()).toBe(0);

			// A real click: it fails if anything lies over the inject button.
			await page.click('g#f1a0c0de00000003 .red-ui-flow-node-button', { timeout: 5_000 });
			await waitFor(/messageId: 'wamid\.[\w-]+'/);
			const accepted = /\[emulator\] accepted text to \+16505551234: (wamid\.[\w-]+)/.exec(output);
			expect(accepted).not.toBeNull();
			expect(output).toContain(`messageId: '${accepted![1]}'`);
			expect(output).toContain('"text":{"body":"Your order 4711 has shipped and arrives tomorrow.","preview_url":false}');
			await waitFor(new RegExp(`\\[emulator\\] the test user \\+16505551234 answers ${accepted![1]}`));

			// The answer reached the webhook node: its "inbound message" debug node shows it, quoting the sent text.
			const answer = page.locator('.red-ui-debug-msg', { hasText: 'inbound message' }).first();
			await answer.waitFor({ timeout: 30_000 });
			await answer.locator('.red-ui-debug-msg-element').first().click();
			await expect.poll(() => answer.innerText(), { timeout: 10_000 }).toContain('Thanks, got it!');
			await answer.locator('.red-ui-debug-msg-object-key', { hasText: /^context$/ }).click();
			await expect.poll(() => answer.innerText(), { timeout: 10_000 }).toContain(accepted![1]);
			expect(await page.locator('.red-ui-debug-msg', { hasText: 'status' }).count()).toBeGreaterThan(0);
			await page.screenshot({ path: join(ARTIFACTS, 'demo-round-trip.png') });
		} finally {
			await browser?.close();
			demo.kill('SIGTERM');
		}
	});
});
