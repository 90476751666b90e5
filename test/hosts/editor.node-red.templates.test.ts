import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import { ARTIFACTS, collectErrors, launchBrowser, NODE_RED_EDITOR_SETTINGS } from './browser';
import { PHONE_NUMBER_ID, startTestEmulator, TOKEN, WABA_ID } from './fixtures';
import { NodeRedHost } from './nodeRedHost';

const CUSTOMER = '+16505551234';

/**
 * order_update (seeded in the emulator): an image header, {{first_name}} and {{order_number}}, a
 * URL button with a suffix. One send node is filled in the browser; the other was saved with its
 * placeholder rows, as a flow file holds them.
 */
const flows = (baseUrl: string) => [
	{ id: 'wa-tab', type: 'tab', label: 'WhatsApp templates' },
	{ id: 'wa-account', type: 'whatsapp-platform-config', name: 'Emulator', wabaId: WABA_ID, phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl },
	{ id: 'wa-order', type: 'inject', z: 'wa-tab', name: 'order 860198', props: [{ p: 'payload' }, { p: 'to', v: CUSTOMER, vt: 'str' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"name":"Pablo","order":860198,"tracking":"ABC"}', payloadType: 'json', x: 140, y: 80, wires: [['wa-template']] },
	{ id: 'wa-template', type: 'whatsapp-platform-send', z: 'wa-tab', name: 'order shipped', account: 'wa-account', resource: 'message', operation: 'sendTemplate', params: {}, paramTypes: {}, x: 380, y: 80, wires: [['wa-debug']] },
	{ id: 'wa-reminder', type: 'inject', z: 'wa-tab', name: 'reminder', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: '{"day":"May 5","time":"10:00"}', payloadType: 'json', x: 140, y: 160, wires: [['wa-saved']] },
	{
		id: 'wa-saved',
		type: 'whatsapp-platform-send',
		z: 'wa-tab',
		name: 'saved rows',
		account: 'wa-account',
		resource: 'message',
		operation: 'sendTemplate',
		params: { to: CUSTOMER, template: 'appointment_reminder|en_US' },
		paramTypes: {},
		templateFields: { 'header.1': 'Jane', 'body.1': 'payload.day', 'body.2': 'payload.time' },
		templateFieldTypes: { 'body.1': 'msg', 'body.2': 'msg' },
		x: 380,
		y: 160,
		wires: [['wa-debug']],
	},
	{ id: 'wa-debug', type: 'debug', z: 'wa-tab', name: 'result', active: true, tosidebar: true, complete: 'payload', targetType: 'msg', x: 600, y: 80, wires: [] },
];

/** The placeholder rows the form shows, by key. */
const placeholderRows = (page: Page) => page.locator('.whatsapp-template-field:visible').evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));

/** A row's typedInput types, as the form set them up. */
function rowTypes(page: Page, key: string) {
	return page.evaluate((field) => {
		const $ = (window as unknown as { $: (selector: string) => { typedInput(method: string): { typeList: Array<{ value: string }> } } }).$;
		return $(`.whatsapp-template-field[data-field="${field}"] input.whatsapp-template-input`).typedInput('instance').typeList.map((t) => t.value);
	}, key);
}

/** A row's typedInput type now. */
function rowType(page: Page, key: string) {
	return page.evaluate((field) => {
		const $ = (window as unknown as { $: (selector: string) => { typedInput(method: string): string } }).$;
		return $(`.whatsapp-template-field[data-field="${field}"] input.whatsapp-template-input`).typedInput('type');
	}, key);
}

/**
 * Picks a row's type from its typedInput menu, as a user does, and types the value. The menus fade
 * in and out: on a loaded machine a click can land on the last row's menu still fading out, so,
 * like a user who sees the label unchanged, it picks again until the row shows the type.
 */
async function setRow(page: Page, key: string, type: string, value: string) {
	const row = page.locator(`.whatsapp-template-field[data-field="${key}"]`);
	if (type !== 'str') {
		await expect
			.poll(async () => {
				await expect.poll(() => page.locator('.red-ui-typedInput-options:visible').count()).toBe(0);
				if ((await rowType(page, key)) !== type) {
					await row.locator('.red-ui-typedInput-type-select').click();
					await page.locator(`.red-ui-typedInput-options:visible a[value="${type}"]`).click();
				}
				return rowType(page, key);
			})
			.toBe(type);
	}
	await row.locator('.red-ui-typedInput-input').fill(value);
}

/** Types a template into the Template field and leaves it. */
async function pickTemplate(page: Page, value: string) {
	const input = page.locator('.whatsapp-param[data-param="template"] .red-ui-typedInput-input');
	await input.fill(value);
	await input.press('Tab');
}

async function openEditDialog(page: Page, nodeId: string) {
	await page.dblclick(`g#${nodeId} .red-ui-flow-node`);
	await page.waitForSelector('.red-ui-tray .red-ui-tray-body', { state: 'visible' });
	await page.waitForSelector('#node-input-param-template-list option', { state: 'attached' });
}

const savedNode = (page: Page, id: string) =>
	page.evaluate((nodeId) => {
		const node = (window as unknown as { RED: { nodes: { node(id: string): Record<string, unknown> } } }).RED.nodes.node(nodeId);
		return { params: node.params, paramTypes: node.paramTypes, templateFields: node.templateFields, templateFieldTypes: node.templateFieldTypes };
	}, id);

const templateSends = (emulator: GraphEmulator, name: string) => emulator.state.messages.filter((m) => (m.body.template as { name?: string } | undefined)?.name === name);

describe('Send Template\'s placeholder rows in the Node-RED 5 editor', () => {
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
		await page.waitForSelector('g#wa-template', { timeout: 60_000 });
	});

	afterAll(async () => {
		await browser?.close();
		await red?.stop();
		await emulator?.stop();
	});

	it('shows one typed row per placeholder of the picked template, keeps the JSON object, and redraws the rows for another template', async () => {
		await openEditDialog(page, 'wa-template');
		expect(await page.locator('#node-input-param-template-list option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))).toEqual(
			expect.arrayContaining(['order_update|en_US', 'appointment_reminder|en_US', 'login_code|en_US']),
		);
		expect(await placeholderRows(page)).toEqual([]);
		// Typed (or picked from the suggestions) without leaving the field, by name in the Language field's en_US.
		await page.locator('.whatsapp-param[data-param="template"] .red-ui-typedInput-input').fill('order_update');
		await expect.poll(() => placeholderRows(page)).toEqual(['header.image', 'body.first_name', 'body.order_number', 'button.0.url']);
		expect(await page.locator('.whatsapp-template-field:visible label').allInnerTexts()).toEqual(['Header image (link or media ID)', 'Body {{first_name}}', 'Body {{order_number}}', 'Button "Track" URL suffix']);
		for (const key of ['header.image', 'body.first_name', 'body.order_number', 'button.0.url']) expect(await rowTypes(page, key), key).toEqual(['str', 'msg', 'flow', 'global', 'env', 'jsonata']);
		// The JSON object stays, below the rows.
		expect(await page.locator('.whatsapp-param[data-param="templateParameters"]:visible').count()).toBe(1);

		// Positional placeholders and quick replies; a value typed for a key the next template has too stays.
		await setRow(page, 'header.image', 'str', 'https://example.com/box.jpg');
		await pickTemplate(page, 'appointment_reminder|en_US');
		await expect.poll(() => placeholderRows(page)).toEqual(['header.1', 'body.1', 'body.2', 'button.0.quick_reply', 'button.1.quick_reply']);
		await pickTemplate(page, 'login_code|en_US');
		await expect.poll(() => placeholderRows(page)).toEqual(['otp.0']);
		await pickTemplate(page, 'order_update|en_US');
		await expect.poll(() => placeholderRows(page)).toEqual(['header.image', 'body.first_name', 'body.order_number', 'button.0.url']);
		expect(await page.locator('.whatsapp-template-field[data-field="header.image"] .red-ui-typedInput-input').inputValue()).toBe('https://example.com/box.jpg');

		// Another operation has no rows.
		await page.selectOption('#whatsapp-platform-send-operation', 'message.sendText');
		expect(await page.locator('.whatsapp-template-field').count()).toBe(0);
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});

	it('fills the rows with a literal, msg properties and a JSONata expression, deploys, and sends the template the inject\'s message fills through the emulator', async () => {
		await openEditDialog(page, 'wa-template');
		await page.locator('.whatsapp-param[data-param="to"] .red-ui-typedInput-type-select').click();
		await page.locator('.red-ui-typedInput-options:visible a[value="msg"]').click();
		await page.locator('.whatsapp-param[data-param="to"] .red-ui-typedInput-input').fill('to');
		await pickTemplate(page, 'order_update|en_US');
		await expect.poll(() => placeholderRows(page)).toHaveLength(4);
		await setRow(page, 'header.image', 'str', 'https://example.com/box.jpg');
		await setRow(page, 'body.first_name', 'msg', 'payload.name');
		await setRow(page, 'body.order_number', 'jsonata', '$string(payload.order)');
		await setRow(page, 'button.0.url', 'msg', 'payload.tracking');
		await page.locator('.red-ui-tray').last().screenshot({ path: join(ARTIFACTS, 'node-red-template-fields.png') });
		await page.click('#node-dialog-ok');
		expect(await savedNode(page, 'wa-template')).toMatchObject({
			params: { to: 'to', template: 'order_update|en_US' },
			paramTypes: { to: 'msg' },
			templateFields: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'payload.name', 'body.order_number': '$string(payload.order)', 'button.0.url': 'payload.tracking' },
			templateFieldTypes: { 'body.first_name': 'msg', 'body.order_number': 'jsonata', 'button.0.url': 'msg' },
		});

		// Opened again, the rows hold what was saved, under the template's labels.
		await openEditDialog(page, 'wa-template');
		await expect.poll(() => page.locator('.whatsapp-template-field:visible label').allInnerTexts()).toEqual(['Header image (link or media ID)', 'Body {{first_name}}', 'Body {{order_number}}', 'Button "Track" URL suffix']);
		expect(await page.locator('.whatsapp-template-field[data-field="body.order_number"] .red-ui-typedInput-input').inputValue()).toBe('$string(payload.order)');
		await page.click('#node-dialog-cancel');

		await page.click('#red-ui-header-button-deploy');
		await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
		await page.click('g#wa-order .red-ui-flow-node-button');
		await expect.poll(() => templateSends(emulator, 'order_update').length, { timeout: 20_000 }).toBe(1);
		expect(templateSends(emulator, 'order_update')[0].body).toMatchObject({
			to: CUSTOMER,
			template: {
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/box.jpg' } }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'Pablo', parameter_name: 'first_name' }, { type: 'text', text: '860198', parameter_name: 'order_number' }] },
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ABC' }] },
				],
			},
		});
		const result = page.locator('.red-ui-debug-msg', { hasText: 'result' }).first();
		await result.waitFor({ timeout: 20_000 });
		expect(await result.innerText()).toMatch(/messageId/);
		expect(errors).toEqual([]);
	});

	it('sends from a flow saved with placeholder rows, and shows those rows in the form', async () => {
		await red.inject('wa-reminder');
		await expect.poll(() => templateSends(emulator, 'appointment_reminder').length, { timeout: 20_000 }).toBe(1);
		expect((templateSends(emulator, 'appointment_reminder')[0].body.template as { components: unknown }).components).toEqual([
			{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10:00' }] },
		]);
		await openEditDialog(page, 'wa-saved');
		await expect.poll(() => placeholderRows(page)).toEqual(['header.1', 'body.1', 'body.2', 'button.0.quick_reply', 'button.1.quick_reply']);
		expect(await page.locator('.whatsapp-template-field[data-field="body.2"] .red-ui-typedInput-input').inputValue()).toBe('payload.time');
		expect(await rowTypes(page, 'body.2')).toContain('msg');
		expect(await page.evaluate(() => (window as unknown as { $: (s: string) => { typedInput(m: string): string } }).$('.whatsapp-template-field[data-field="body.2"] input.whatsapp-template-input').typedInput('type'))).toBe('msg');
		await page.click('#node-dialog-cancel');
		expect(errors).toEqual([]);
	});
});
