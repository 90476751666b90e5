import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { withTemplateFields } from '../../nodes/node-red/templateFields';
import { helper, initHelper, loadSend } from './sendFlow';

const TOKEN = 'EAAnode-red-template-fields-token';

let emulator: GraphEmulator;
beforeAll(async () => {
	initHelper();
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
});
beforeEach(() => emulator.reset());
afterEach(async () => {
	await helper.unload();
});
afterAll(() => emulator.stop());

const load = (send: Record<string, unknown>) => loadSend(emulator, TOKEN, { operation: 'sendTemplate', ...send });
const sent = () => emulator.state.messages.map((m) => m.body);
const posts = () => emulator.state.requests.filter((r) => r.method === 'POST');

/** order_update (seeded in the emulator): an image header, {{first_name}} and {{order_number}}, a URL button with a suffix. */
const ORDER_UPDATE = { to: '+16505551234', template: 'order_update|en_US' };
const ORDER_COMPONENTS = [
	{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/box.jpg' } }] },
	{
		type: 'body',
		parameters: [
			{ type: 'text', text: 'Pablo', parameter_name: 'first_name' },
			{ type: 'text', text: '860198', parameter_name: 'order_number' },
		],
	},
	{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'ABC' }] },
];

describe('Send Template\'s placeholder rows (templateFields)', () => {
	it('sends one value per placeholder: literals, and msg, env and JSONata read for each message', async () => {
		const { input } = await load({
			params: ORDER_UPDATE,
			templateFields: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'customer.name', 'body.order_number': 'ORDER', 'button.0.url': 'payload.tracking' },
			templateFieldTypes: { 'body.first_name': 'msg', 'body.order_number': 'env', 'button.0.url': 'jsonata' },
		});
		process.env.ORDER = '860198';
		try {
			const out = await input({ payload: { tracking: 'ABC' }, customer: { name: 'Pablo' } });
			expect(out.payload.messageId).toMatch(/^wamid\./);
		} finally {
			delete process.env.ORDER;
		}
		expect(sent()[0]).toMatchObject({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: ORDER_COMPONENTS } });
	});

	it('reads positional placeholders and a quick reply payload; a number from the message becomes text', async () => {
		const { input } = await load({
			params: { to: '+16505551234', template: 'appointment_reminder', language: 'en_US' },
			templateFields: { 'header.1': 'Jane', 'body.1': 'day', 'body.2': 'time', 'button.0.quick_reply': 'confirm-4711' },
			templateFieldTypes: { 'body.1': 'msg', 'body.2': 'msg' },
		});
		await input({ payload: 'go', day: 'May 5', time: 10 });
		expect(sent()[0].template).toMatchObject({
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: 'Jane' }] },
				{ type: 'body', parameters: [{ type: 'text', text: 'May 5' }, { type: 'text', text: '10' }] },
				{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'confirm-4711' }] },
			],
		});
	});

	it('joins the rows with the Template Parameters object, a row winning for its key, and msg.payload\'s templateParameters winning over both', async () => {
		const { input } = await load({
			params: { ...ORDER_UPDATE, templateParameters: '{"header.image": "https://example.com/box.jpg", "body.first_name": "from the JSON", "button.0.url": "ABC"}' },
			paramTypes: {},
			templateFields: { 'body.first_name': 'Pablo', 'body.order_number': 'order' },
			templateFieldTypes: { 'body.order_number': 'msg' },
		});
		await input({ payload: 'go', order: 860198 });
		expect(sent()[0].template).toMatchObject({ components: ORDER_COMPONENTS });

		const override = { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Lucia', 'body.order_number': '1', 'button.0.url': 'XYZ' };
		await input({ payload: { templateParameters: override } });
		const body = (sent()[1].template as { components: Array<{ type: string; parameters: Array<{ text?: string }> }> }).components.find((c) => c.type === 'body')!;
		expect(body.parameters.map((p) => p.text)).toEqual(['Lucia', '1']);
	});

	it('joins the rows with an object read from the message', async () => {
		const { input } = await load({
			params: { ...ORDER_UPDATE, templateParameters: 'values' },
			paramTypes: { templateParameters: 'msg' },
			templateFields: { 'body.order_number': '860198' },
		});
		await input({ payload: 'go', values: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'Pablo', 'button.0.url': 'ABC' } });
		expect(sent()[0].template).toMatchObject({ components: ORDER_COMPONENTS });
	});

	it('stops a message whose placeholder read from the message is missing, naming it, before any request', async () => {
		const { input } = await load({
			params: ORDER_UPDATE,
			templateFields: { 'header.image': 'https://example.com/box.jpg', 'body.first_name': 'customer.name', 'body.order_number': '1', 'button.0.url': 'ABC' },
			templateFieldTypes: { 'body.first_name': 'msg' },
		});
		const error = await input({ payload: 'go' }).catch((e: Error) => e);
		expect(error.message).toContain('Template Parameters (templateParameters.body.first_name): msg.customer.name is empty; the template\'s placeholder needs a value');
		expect(posts()).toEqual([]);
	});

	it('leaves out an optional placeholder read from the message that is missing', async () => {
		const { input } = await load({
			params: { to: '+16505551234', template: 'appointment_reminder|en_US' },
			templateFields: { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00', 'button.0.quick_reply': 'payload.tag' },
			templateFieldTypes: { 'button.0.quick_reply': 'msg' },
		});
		await input({ payload: {} });
		expect((sent()[0].template as { components: Array<{ type: string }> }).components.map((c) => c.type)).toEqual(['header', 'body']);
	});

	it('checks a row\'s value as the JSON\'s, naming the key and the limit', async () => {
		const { input } = await load({
			params: { to: '+16505551234', template: 'appointment_reminder|en_US' },
			templateFields: { 'header.1': 'Jane', 'body.1': 'May 5', 'body.2': '10:00', 'button.1.copy_code': 'payload' },
			templateFieldTypes: { 'button.1.copy_code': 'msg' },
		});
		const error = await input({ payload: 'SPRING-SALE-2026-EXTRA-10' }).catch((e: Error) => e);
		expect(error.message).toContain('Template Parameters (templateParameters) (button.1.copy_code): a coupon code must be at most 20 characters, got 25');
		expect(posts()).toEqual([]);
	});

	it('refuses a header media row that is neither a link nor a media ID', async () => {
		const { input } = await load({ params: ORDER_UPDATE, templateFields: { 'header.image': 'box.jpg', 'body.first_name': 'Pablo', 'body.order_number': '1', 'button.0.url': 'ABC' } });
		const error = await input({ payload: 'go' }).catch((e: Error) => e);
		expect(error.message).toContain('(header.image): must be an http(s) link or a numeric media ID');
		expect(posts()).toEqual([]);
	});

	it('an expression that fails names the placeholder', async () => {
		const { input } = await load({
			params: ORDER_UPDATE,
			templateFields: { 'body.first_name': '$$$(' },
			templateFieldTypes: { 'body.first_name': 'jsonata' },
		});
		const error = await input({ payload: 'go' }).catch((e: Error) => e);
		expect(error.message).toMatch(/^.*Template Parameters \(templateParameters\.body\.first_name\): the JSONata expression gave an error/);
		expect(posts()).toEqual([]);
	});
});

describe('withTemplateFields', () => {
	it('joins rows with an object or its JSON, leaves empty rows out, and leaves a value that is not an object as it is', () => {
		expect(withTemplateFields(undefined, { 'body.1': 'a' })).toEqual({ 'body.1': 'a' });
		expect(withTemplateFields('{"body.1": "json", "body.2": "b"}', { 'body.1': 'row', 'body.3': '' })).toEqual({ 'body.1': 'row', 'body.2': 'b' });
		expect(withTemplateFields({ 'body.1': 'object' }, { 'body.1': undefined })).toEqual({ 'body.1': 'object' });
		expect(withTemplateFields('[1]', { 'body.1': 'a' })).toBe('[1]');
		expect(withTemplateFields('{not json', { 'body.1': 'a' })).toBe('{not json');
	});
});
