import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../emulator/server';
import { ARTIFACTS, collectErrors, launchBrowser } from './browser';
import { PHONE_NUMBER_ID, startTestEmulator, TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

interface CatalogParam {
	name: string;
}
interface Catalog {
	operations: Array<{ resource: string; operation: string; label: string; params: CatalogParam[] }>;
	sendOperations: string[];
}

const flows = (baseUrl: string) => [
	{ id: 'wa-tab', type: 'tab', label: 'WhatsApp' },
	{ id: 'wa-account', type: 'whatsapp-platform-config', name: 'Emulator', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },
	{ id: 'wa-inject', type: 'inject', z: 'wa-tab', name: 'customer', props: [{ p: 'payload' }], payload: '{"to":"+16505551234"}', payloadType: 'json', x: 140, y: 80, wires: [['wa-send']] },
	{ id: 'wa-send', type: 'whatsapp-platform-send', z: 'wa-tab', name: '', account: 'wa-account', operation: 'sendText', params: { body: 'Sent from the editor' }, x: 360, y: 80, wires: [['wa-debug']] },
	{ id: 'wa-debug', type: 'debug', z: 'wa-tab', name: 'result', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 560, y: 80, wires: [] },
];

async function openEditDialog(page: Page, nodeId: string) {
	await page.dblclick(`g#${nodeId} .red-ui-flow-node`);
	await page.waitForSelector('.red-ui-tray .red-ui-tray-body', { state: 'visible' });
}

describe('the Node-RED 5 editor with the package installed', () => {
	let emulator: GraphEmulator;
	let red: NodeRedHost;
	let browser: Browser;
	let page: Page;
	let errors: string[];

	beforeAll(async () => {
		emulator = await startTestEmulator();
		red = await NodeRedHost.create(inject('tarball'));
		red.writeFlows(flows(emulator.url), { 'wa-account': { accessToken: TOKEN } });
		// No welcome tour nor update-notification prompt: both cover the workspace on a first start.
		await red.start({ editorTheme: { tours: false }, telemetry: { enabled: false } });
		browser = await launchBrowser();
		page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		errors = collectErrors(page);
		await page.goto(red.url);
		await page.waitForSelector('g#wa-send', { timeout: 60_000 });
		await page.screenshot({ path: join(ARTIFACTS, 'debug.png') });
	});

	afterAll(async () => {
		await browser?.close();
		await red?.stop();
		await emulator?.stop();
	});

	it('loads with no console errors and shows the nodes in the palette with their labels and icon', async () => {
		const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="whatsapp-platform-send"]');
		await expect.poll(() => paletteNode.count()).toBe(1);
		expect((await paletteNode.locator('.red-ui-palette-label').innerText()).replace(/\s+/g, ' ')).toBe('WhatsApp send');
		expect(await paletteNode.locator('.red-ui-palette-icon-fa.fa-whatsapp, i.fa-whatsapp').count()).toBeGreaterThan(0);
		expect(errors).toEqual([]);
	});

	it('opens the send form and shows each operation\'s fields, and only those', async () => {
		const catalog = (await (await fetch(`${red.url}/whatsapp-platform/catalog`)).json()) as Catalog;
		await openEditDialog(page, 'wa-send');
		await page.waitForSelector('#node-input-param-body');
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-send-form.png') });
		const operations = catalog.operations.filter((op) => catalog.sendOperations.includes(op.operation));
		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) {
			await page.selectOption('#node-input-operation', operation.operation);
			const shown = await page.locator('#whatsapp-platform-send-fields .whatsapp-param').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-param')));
			expect(shown, operation.operation).toEqual(operation.params.map((p) => p.name));
		}
		await page.selectOption('#node-input-operation', 'sendText');
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('opens the account form with the secrets as password fields', async () => {
		await openEditDialog(page, 'wa-send');
		await page.click('#node-input-edit-account');
		await page.waitForSelector('#node-config-input-accessToken', { state: 'visible' });
		expect(await page.getAttribute('#node-config-input-accessToken', 'type')).toBe('password');
		expect(await page.inputValue('#node-config-input-apiVersion')).toBe('v24.0');
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-account-form.png') });
		await page.click('#node-config-dialog-cancel');
		await page.click('#node-dialog-cancel');
	});

	it('deploys an edit made in the form and sends it through the emulator from the inject button', async () => {
		await openEditDialog(page, 'wa-send');
		await page.fill('#node-input-param-body', 'Edited in the editor and deployed');
		await page.click('#node-dialog-ok');
		await page.click('#red-ui-header-button-deploy');
		await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
		await page.click('g#wa-inject .red-ui-flow-node-button');
		await expect.poll(() => emulator.state.messages.length, { timeout: 20_000 }).toBe(1);
		expect(emulator.state.messages[0].body).toMatchObject({ to: '+16505551234', text: { body: 'Edited in the editor and deployed' } });
		await page.click('#red-ui-tab-debug-link-button').catch(() => undefined);
		await page.waitForSelector(`.red-ui-debug-msg:has-text("${emulator.state.messages[0].id}")`, { timeout: 20_000 });
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-editor.png') });
		expect(errors).toEqual([]);
	});
});
