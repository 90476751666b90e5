import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './pack';

/** Screenshots the browser tests keep as artifacts (the README shows the best ones). */
export const ARTIFACTS = join(REPO, 'test', 'artifacts');

/** Debian's chromium, headless, with nothing that reaches beyond loopback (a fresh profile each launch). */
export async function launchBrowser(): Promise<Browser> {
	mkdirSync(ARTIFACTS, { recursive: true });
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/**
 * Node-RED's settings for the editor tests: no welcome tour nor update-notification prompt (both cover
 * the workspace on a first start); no palette catalogue (this machine cannot reach
 * catalogue.nodered.org); the Ace code editor, as Node-RED 5 loads its default, Monaco, lazily and
 * on a busy machine Monaco's start sometimes throws in the page ("reading 'html'") before any node
 * of ours is drawn, which these tests would report as the package's error.
 */
export const NODE_RED_EDITOR_SETTINGS = {
	editorTheme: { tours: false, palette: { catalogues: [] }, codeEditor: { lib: 'ace' } },
	telemetry: { enabled: false },
};

/** Collects what the page reports as errors: console errors and uncaught exceptions. */
export function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	// With the script and line it was thrown from, so a failure says whose code threw.
	page.on('pageerror', (error) => errors.push(`${error.message} (${error.stack?.split('\n').find((line) => line.includes('://'))?.trim() ?? 'no stack'})`));
	page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
	return errors;
}
