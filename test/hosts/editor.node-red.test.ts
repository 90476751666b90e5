import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { ARTIFACTS, collectErrors, launchBrowser, NODE_RED_EDITOR_SETTINGS } from './browser';
import { PHONE_NUMBER_ID, startTestEmulator, TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

interface CatalogParam {
	name: string;
	showWhen?: Record<string, unknown[]>;
}
interface Catalog {
	resources: Array<{ name: string; notice?: string; offeredBy: string[] }>;
	operations: Array<{ resource: string; operation: string; label: string; notice?: string; params: CatalogParam[] }>;
}

/** The resources a node offers (node-red-send, node-red-manage), as the catalog endpoint serves them. */
const offeredBy = (catalog: Catalog, node: string) => catalog.resources.filter((r) => r.offeredBy.includes(node)).map((r) => r.name);

const flows = (baseUrl: string) => [
	{ id: 'wa-tab', type: 'tab', label: 'WhatsApp' },
	{ id: 'wa-account', type: 'whatsapp-platform-config', name: 'Emulator', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },
	{ id: 'wa-inject', type: 'inject', z: 'wa-tab', name: 'customer', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"to":"+16505551234"}', payloadType: 'json', x: 140, y: 80, wires: [['wa-send']] },
	{ id: 'wa-send', type: 'whatsapp-platform-send', z: 'wa-tab', name: '', account: 'wa-account', operation: 'sendText', params: { body: 'Sent from the editor' }, x: 360, y: 80, wires: [['wa-debug']] },
	{ id: 'wa-inject-typed', type: 'inject', z: 'wa-tab', name: 'order 4711', props: [{ p: 'payload' }, { p: 'to', v: '+16505551234', vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"id":4711}', payloadType: 'json', x: 140, y: 320, wires: [['wa-send-typed']] },
	{ id: 'wa-send-typed', type: 'whatsapp-platform-send', z: 'wa-tab', name: 'order shipped', account: 'wa-account', operation: 'sendText', params: {}, x: 360, y: 320, wires: [['wa-debug']] },
	{ id: 'wa-ask', type: 'whatsapp-platform-send', z: 'wa-tab', name: 'question', account: 'wa-account', operation: 'sendText', params: {}, x: 360, y: 400, wires: [[]] },
	{ id: 'wa-debug', type: 'debug', z: 'wa-tab', name: 'result', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 560, y: 80, wires: [] },
	{ id: 'wa-manage', type: 'whatsapp-platform-manage', z: 'wa-tab', name: '', account: 'wa-account', resource: 'template', operation: 'getMany', params: {}, x: 360, y: 160, wires: [[]] },
	{ id: 'wa-webhook', type: 'whatsapp-platform-webhook', z: 'wa-tab', name: '', account: 'wa-account', path: '/whatsapp', x: 140, y: 240, wires: [[]] },
];

/** The `data-param` of every field row a form drew, and of those it shows. */
async function formRows(page: Page, container: string) {
	const rows = page.locator(`${container} .whatsapp-param`);
	return {
		all: await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-param'))),
		shown: await rows.evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => el.getAttribute('data-param'))),
	};
}

/** A field's typedInput types, as the form set them up (literal type first); null for a plain select. */
function typedInputTypes(page: Page, name: string) {
	return page.evaluate((param) => {
		const $ = (window as unknown as { $: (selector: string) => { typedInput(method: string): { typeList: Array<{ value: string }> } | undefined; length: number } }).$;
		const input = $(`#node-input-param-${param}.red-ui-typedInput`);
		return input.length ? input.typedInput('instance')!.typeList.map((t) => t.value) : null;
	}, name);
}

/** Picks a field's type from its typedInput menu, as a user does, and types the value. */
async function setTyped(page: Page, name: string, type: string, value: string) {
	const row = page.locator(`.whatsapp-param[data-param="${name}"]`);
	await row.locator('.red-ui-typedInput-type-select').click();
	await page.locator(`.red-ui-typedInput-options:visible a[value="${type}"]`).click();
	await row.locator('.red-ui-typedInput-input').fill(value);
}

const FROM_MESSAGE = ['msg', 'flow', 'global', 'env', 'jsonata'];

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
		await red.start(NODE_RED_EDITOR_SETTINGS);
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

	it('loads with no console errors, every node valid, and the nodes in the palette with their labels and icon', async () => {
		const invalid = await page.evaluate(() => {
			const invalidNodes: string[] = [];
			(window as unknown as { RED: { nodes: { eachNode(fn: (n: { id: string; valid: boolean }) => void): void; eachConfig(fn: (n: { id: string; valid: boolean }) => void): void } } }).RED.nodes.eachNode((n) => {
				if (!n.valid) invalidNodes.push(n.id);
			});
			(window as unknown as { RED: { nodes: { eachConfig(fn: (n: { id: string; valid: boolean }) => void): void } } }).RED.nodes.eachConfig((n) => {
				if (n.valid === false) invalidNodes.push(n.id);
			});
			return invalidNodes;
		});
		expect(invalid).toEqual([]);
		const paletteNode = page.locator('.red-ui-palette-node[data-palette-type="whatsapp-platform-send"]');
		await expect.poll(() => paletteNode.count()).toBe(1);
		expect((await paletteNode.locator('.red-ui-palette-label').innerText()).replace(/\s+/g, ' ')).toBe('WhatsApp send');
		// Node-RED's editor does not list Font Awesome's brand glyphs (fa-whatsapp renders as the default
		// arrow), so the nodes carry their own white-on-transparent icon.
		for (const type of ['whatsapp-platform-send', 'whatsapp-platform-manage', 'whatsapp-platform-webhook']) {
			const icon = page.locator(`.red-ui-palette-node[data-palette-type="${type}"] .red-ui-palette-icon-container`);
			expect(await icon.getAttribute('data-palette-icon'), type).toMatch(/whatsapp-platform\.svg$/);
		}
		const iconUrl = await page.locator('.red-ui-palette-node[data-palette-type="whatsapp-platform-send"] .red-ui-palette-icon-container').getAttribute('data-palette-icon');
		expect((await fetch(`${red.url}/${iconUrl}`)).status).toBe(200);
		expect(errors).toEqual([]);
	});

	it('opens the send form and shows each operation\'s fields, and only those', async () => {
		const catalog = (await (await fetch(`${red.url}/whatsapp-platform/catalog`)).json()) as Catalog;
		await openEditDialog(page, 'wa-send');
		await page.waitForSelector('#node-input-param-body-text');
		expect(await page.locator('#whatsapp-platform-send-fields .whatsapp-notice').innerText()).toMatch(/within 24 hours/);
		const operations = catalog.operations.filter((op) => offeredBy(catalog, 'node-red-send').includes(op.resource));
		expect(operations.length).toBeGreaterThan(20);
		for (const operation of operations) {
			await page.selectOption('#whatsapp-platform-send-operation', `${operation.resource}.${operation.operation}`);
			const rows = await formRows(page, '#whatsapp-platform-send-fields');
			expect(rows.all, operation.operation).toEqual(operation.params.map((p) => p.name));
			// Fields without conditions always show; the others show or hide with the fields they depend on.
			for (const param of operation.params.filter((p) => !p.showWhen)) expect(rows.shown, `${operation.operation}.${param.name}`).toContain(param.name);
		}
		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendImage');
		const hiddenBefore = (await formRows(page, '#whatsapp-platform-send-fields')).shown;
		const source = page.locator('#node-input-param-mediaSource');
		const options = await source.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
		await source.selectOption(options[options.length - 1]);
		expect((await formRows(page, '#whatsapp-platform-send-fields')).shown).not.toEqual(hiddenBefore);
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('draws the send form\'s fields as typedInputs of their parameter\'s types, with one-line hints; a flow saved with plain values shows literals', async () => {
		await openEditDialog(page, 'wa-send');
		await page.waitForSelector('#node-input-param-body-text');
		// The flow saved params: {body: 'Sent from the editor'}, no paramTypes: a literal text.
		expect(await page.inputValue('#node-input-param-body-text')).toBe('Sent from the editor');
		expect(await typedInputTypes(page, 'to')).toEqual(['str', ...FROM_MESSAGE]);
		expect(await typedInputTypes(page, 'body')).toEqual(['str', ...FROM_MESSAGE]);
		expect(await typedInputTypes(page, 'previewUrl')).toEqual(['bool', ...FROM_MESSAGE]);
		// An options field keeps its select.
		expect(await typedInputTypes(page, 'recipientType')).toBeNull();
		expect(await page.locator('select#node-input-param-recipientType').count()).toBe(1);
		// What a user sees in the type menu of the recipient.
		await page.locator('.whatsapp-param[data-param="to"] .red-ui-typedInput-type-select').click();
		const menu = page.locator('.red-ui-typedInput-options:visible a');
		expect(await menu.evaluateAll((els) => els.map((el) => el.getAttribute('value')))).toEqual(['str', ...FROM_MESSAGE]);
		expect((await menu.allInnerTexts()).map((t) => t.trim())).toEqual(['string', 'msg.', 'flow.', 'global.', 'env variable', 'expression']);
		await menu.first().click();
		// Hints are one line each; the long texts are in the help sidebar, not in boxes under the fields.
		const hints = page.locator('#whatsapp-platform-send-fields .whatsapp-param:visible .whatsapp-hint');
		expect(await hints.count()).toBeGreaterThan(4);
		for (const height of await hints.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height))) expect(height).toBeLessThan(24);
		expect(await page.locator('#whatsapp-platform-send-fields .form-tips:not(.whatsapp-notice)').count()).toBe(0);

		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendButtons');
		expect(await typedInputTypes(page, 'buttons')).toEqual(['json', 'msg', 'flow', 'global', 'jsonata']);
		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendTemplate');
		expect(await typedInputTypes(page, 'templateParameters')).toEqual(['json', 'msg', 'flow', 'global', 'jsonata']);
		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendLocation');
		expect(await typedInputTypes(page, 'latitude')).toEqual(['num', ...FROM_MESSAGE]);
		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendImage');
		await page.selectOption('#node-input-param-mediaSource', 'file');
		// A file field names the msg property that holds the Buffer.
		expect(await typedInputTypes(page, 'fileProperty')).toEqual(['msg']);
		expect(await page.locator('.whatsapp-param[data-param="fileProperty"] .red-ui-typedInput-input').inputValue()).toBe('payload');
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('opens the manage form with every resource and operation of the account', async () => {
		const catalog = (await (await fetch(`${red.url}/whatsapp-platform/catalog`)).json()) as Catalog;
		await openEditDialog(page, 'wa-manage');
		await page.waitForSelector('#whatsapp-platform-manage-fields .whatsapp-param');
		for (const resource of offeredBy(catalog, 'node-red-manage')) {
			await page.selectOption('#whatsapp-platform-manage-resource', resource);
			for (const operation of catalog.operations.filter((op) => op.resource === resource)) {
				await page.selectOption('#whatsapp-platform-manage-operation', operation.operation);
				const rows = await formRows(page, '#whatsapp-platform-manage-fields');
				expect(rows.all, `${resource}.${operation.operation}`).toEqual(operation.params.map((p) => p.name));
				// The resource's notice (Call: no media handled) above the operation's own.
				const notices = await page.locator('#whatsapp-platform-manage-fields .whatsapp-notice').allInnerTexts();
				const resourceNotice = catalog.resources.find((r) => r.name === resource)?.notice;
				expect(notices, `${resource}.${operation.operation}`).toEqual([resourceNotice, operation.notice].filter(Boolean));
			}
		}
		await page.selectOption('#whatsapp-platform-manage-resource', 'template');
		await page.selectOption('#whatsapp-platform-manage-operation', 'getMany');
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-manage-form.png') });
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('opens the webhook form with its path and filters', async () => {
		await openEditDialog(page, 'wa-webhook');
		expect(await page.inputValue('#node-input-path')).toBe('/whatsapp');
		for (const id of ['fields', 'events', 'statuses', 'phoneNumberIds', 'dedupWindowMinutes', 'downloadMedia']) {
			expect(await page.locator(`#node-input-${id}`).count(), id).toBe(1);
		}
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-webhook-form.png') });
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('opens the account form with the secrets as password fields', async () => {
		await openEditDialog(page, 'wa-send');
		await page.click('#node-input-btn-account-edit');
		await page.waitForSelector('#node-config-input-accessToken', { state: 'visible' });
		expect(await page.getAttribute('#node-config-input-accessToken', 'type')).toBe('password');
		expect(await page.inputValue('#node-config-input-apiVersion')).toBe('v24.0');
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-account-form.png') });
		await page.click('#node-config-dialog-cancel');
		await page.click('#node-dialog-cancel');
	});

	it('deploys an edit made in the form and sends it through the emulator from the inject button', async () => {
		await openEditDialog(page, 'wa-send');
		await page.fill('#node-input-param-body-text', 'Edited in the editor and deployed');
		await page.click('#node-dialog-ok');
		await page.click('#red-ui-header-button-deploy');
		await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
		await page.click('g#wa-inject .red-ui-flow-node-button');
		await expect.poll(() => emulator.state.messages.length, { timeout: 20_000 }).toBe(1);
		expect(emulator.state.messages[0].body).toMatchObject({ to: '+16505551234', text: { body: 'Edited in the editor and deployed' } });
		const result = page.locator('.red-ui-debug-msg', { hasText: 'result' }).first();
		await result.waitFor({ timeout: 20_000 });
		expect(await result.innerText()).toMatch(/messageId/);
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-editor.png') });
		expect(errors).toEqual([]);
	});

	it('sets the recipient to msg.to and the text to a JSONata expression, deploys, and resolves them from the message the inject sends through the emulator', async () => {
		await openEditDialog(page, 'wa-send-typed');
		await page.waitForSelector('#node-input-param-body-text');
		await setTyped(page, 'to', 'msg', 'to');
		await setTyped(page, 'body', 'jsonata', '"Order " & payload.id & " has shipped"');
		expect(await page.locator('#node-input-param-body-text').isVisible()).toBe(false);
		await page.locator('.red-ui-tray').last().screenshot({ path: join(ARTIFACTS, 'node-red-send-form.png') });
		await page.click('#node-dialog-ok');
		const saved = await page.evaluate(() => {
			const node = (window as unknown as { RED: { nodes: { node(id: string): { params: unknown; paramTypes: unknown } } } }).RED.nodes.node('wa-send-typed');
			return { params: node.params, paramTypes: node.paramTypes };
		});
		expect(saved).toEqual({ params: { recipientType: 'individual', to: 'to', body: '"Order " & payload.id & " has shipped"', previewUrl: false, outsideWindow: 'send' }, paramTypes: { to: 'msg', body: 'jsonata' } });
		await page.click('#red-ui-header-button-deploy');
		await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
		await page.click('g#wa-inject-typed .red-ui-flow-node-button');
		const accepted = () => emulator.state.messages.find((m) => (m.body.text as { body?: string } | undefined)?.body === 'Order 4711 has shipped');
		await expect.poll(accepted, { timeout: 20_000 }).toBeDefined();
		expect(accepted()!.body).toMatchObject({ to: '+16505551234', type: 'text' });
		expect(errors).toEqual([]);
	});

	it('gives the send node an answer and a timed-out output when Send and Wait for Reply is picked, and one output again for another operation', async () => {
		const ports = () => page.locator('g#wa-ask .red-ui-flow-port-output').count();
		const pick = async (operation: string) => {
			await openEditDialog(page, 'wa-ask');
			await page.selectOption('#whatsapp-platform-send-operation', operation);
			await page.click('#node-dialog-ok');
		};
		await pick('message.sendAndWaitForReply');
		await expect.poll(ports).toBe(2);
		await pick('message.sendText');
		await expect.poll(ports).toBe(1);
		expect(errors).toEqual([]);
	});

	it('shows the send node\'s help in the sidebar: inputs, outputs, details, each operation\'s fields and references', async () => {
		await page.click('g#wa-send-typed .red-ui-flow-node');
		await page.click('.red-ui-sidebar-tab-bar button[data-tab-id="help"]');
		const title = page.locator('.red-ui-help-title:visible');
		await expect.poll(() => title.innerText()).toBe('WhatsApp send');
		const help = title.locator('xpath=following-sibling::div[contains(@class, "red-ui-help")][1]');
		expect(await help.locator('h3').allInnerTexts()).toEqual(['Inputs', 'Outputs', 'Details', 'Operations', 'References']);
		expect(await help.innerText()).toMatch(/JSONata expression/);
		// The debug messages fold away (a second click on their active tab), so the help has the sidebar's height.
		await page.click('.red-ui-sidebar-tab-bar button[data-tab-id="debug"]');
		await expect.poll(() => page.locator('.red-ui-notification:visible').count(), { timeout: 20_000 }).toBe(0);
		await page.mouse.move(640, 600);
		await expect.poll(() => page.locator('.red-ui-popover:visible').count()).toBe(0);
		await page.screenshot({ path: join(ARTIFACTS, 'node-red-help.png') });
		const sendText = help.locator('details', { has: page.locator('summary', { hasText: /^Message: Send Text$/ }) });
		await sendText.locator('summary').click();
		expect(await sendText.locator('dt').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^to\s+string$/), expect.stringMatching(/^body\s+string$/)]));
		expect(await sendText.innerText()).toMatch(/within 24 hours/);
		expect(errors).toEqual([]);
	});
});
