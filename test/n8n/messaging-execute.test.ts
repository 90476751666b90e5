import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WhatsAppPlatform } from '../../nodes/WhatsAppPlatform/WhatsAppPlatform.node';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const TOKEN = 'EAAn8n-execute-token-0123';
const PHONE_NUMBER_ID = '106540352242922';
const TO = '+16505551234';
let emulator: GraphEmulator;
/** How often the node read its credential (n8n decrypts it from its database each time). */
let credentialReads = 0;
/** The parameter reads that left n8n's check of the value against the node's description on. */
let checkedReads: string[] = [];
/** Every parameter read through n8n (getNodeParameter). */
let n8nReads: string[] = [];
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'x' });
});
beforeEach(() => {
	emulator.reset();
	credentialReads = 0;
	checkedReads = [];
	n8nReads = [];
});
afterAll(() => emulator.stop());

/**
 * A parameter's value, or how an expression would compute it from the item (`={{ $json }}`). A
 * string is returned as set: nothing here evaluates it, so `={{ $json.phone }}` reaches a send only
 * if the node reads the field from the item itself.
 */
type Parameter = unknown | ((item: INodeExecutionData) => unknown);

/**
 * The part of n8n's execute context the node uses: the items, the parameters per item, the
 * credential, and httpRequestWithAuthentication (here: fetch with the credential's Bearer token).
 */
function execution(parameters: Record<string, Parameter>, items: INodeExecutionData[] = [{ json: {} }]) {
	const credentials = { accessToken: TOKEN, wabaId: '102290129340398', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v24.0', baseUrl: emulator.url, appSecret: '', verifyToken: '' };
	return {
		getInputData: () => items,
		getNode: () => ({ name: 'WhatsApp', type: 'whatsAppPlatform', typeVersion: 1, position: [0, 0], parameters: Object.fromEntries(Object.entries(parameters).filter(([, value]) => typeof value !== 'function')), id: 'n1' }),
		getCredentials: async () => {
			credentialReads++;
			return credentials;
		},
		continueOnFail: () => false,
		logger: { info: () => undefined },
		getNodeParameter: (name: string, itemIndex: number, fallback: unknown, options?: { skipValidation?: boolean }) => {
			if (!options?.skipValidation) checkedReads.push(`${name}[${itemIndex}]`);
			n8nReads.push(name);
			const value = parameters[name];
			return (typeof value === 'function' ? value(items[itemIndex]) : value) ?? fallback;
		},
		helpers: {
			// As n8n does when given the credential: it authenticates with it instead of reading it from its database.
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions, given?: { credentialsDecrypted?: ICredentialsDecrypted }) {
				const token = given?.credentialsDecrypted?.data?.accessToken;
				if (!token) throw new Error('No credential given: n8n would read it from its database for this request');
				const response = await fetch(options.url, { method: options.method, headers: { ...(options.headers as object), authorization: `Bearer ${String(token)}` }, body: options.body as BodyInit | undefined });
				return { statusCode: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: Buffer.from(await response.arrayBuffer()) };
			},
		},
	} as unknown as IExecuteFunctions;
}

const node = new WhatsAppPlatform();

describe('the n8n node\'s Send Message (JSON)', () => {
	it('sends each item\'s message object, of any type, and outputs what the typed sends output', async () => {
		const items = [
			{ json: { to: TO, type: 'text', text: { body: 'Your order shipped' } } },
			{ json: { to: TO, type: 'location', location: { latitude: 37.48, longitude: -122.15, name: 'Pickup point' } } },
		];
		const [output] = await node.execute.call(execution({ resource: 'message', operation: 'sendJson', phoneNumberId: '', message: (item: INodeExecutionData) => item.json }, items));
		expect(emulator.state.messages.map((m) => m.body)).toEqual(items.map((item) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', ...item.json })));
		expect(output.map((item) => item.json.messageId)).toEqual(emulator.state.messages.map((m) => m.id));
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Read once for the run and handed to n8n with each request: a busy database cannot fail a send.
		expect(credentialReads).toBe(1);
	});

	it('refuses an item over a typed operation\'s limit with that operation\'s error, before any request', async () => {
		const items = [{ json: { to: TO, type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'x'.repeat(1025) } } }];
		const run = node.execute.call(execution({ resource: 'message', operation: 'sendJson', phoneNumberId: '', message: (item: INodeExecutionData) => item.json }, items));
		await expect(run).rejects.toThrow('Invalid Caption (caption): must be at most 1,024 characters, got 1,025');
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});
});

describe('the n8n node\'s parameter reads', () => {
	// n8n's check searches the node's ~700 properties on every read and changes nothing for this node (messaging-description.test.ts).
	it('skip n8n\'s check of each item\'s values: only the run\'s choice of operation is read with it', async () => {
		const items = Array.from({ length: 3 }, (_, i) => ({ json: { body: `Order ${i} shipped` } }));
		const [output] = await node.execute.call(execution({ resource: 'message', operation: 'sendText', phoneNumberId: '', to: TO, body: (item: INodeExecutionData) => item.json.body }, items));
		expect(output).toHaveLength(3);
		expect(emulator.state.messages.map((m) => m.body.text)).toEqual(items.map((item) => ({ body: item.json.body, preview_url: false })));
		expect(checkedReads).toEqual(['resource[0]', 'operation[0]']);
	});

	// n8n's expression sandbox took about half a queue worker's CPU while a campaign started (itemField.ts).
	it('read a field the parameter names with {{ $json.… }} from the item itself, the rest through n8n', async () => {
		const items = [
			{ json: { phone: TO, order: { text: 'Order 1 shipped' } } },
			{ json: { phone: '+4915112345678', order: { text: 'Order 2 shipped' } } },
		];
		const [output] = await node.execute.call(execution({ resource: 'message', operation: 'sendText', phoneNumberId: '', to: '={{ $json.phone }}', body: '={{ $json.order.text }}' }, items));
		expect(output).toHaveLength(2);
		expect(emulator.state.messages.map((m) => [m.to, m.body.text])).toEqual(items.map((item) => [item.json.phone.slice(1), { body: item.json.order.text, preview_url: false }]));
		expect(n8nReads).not.toContain('to');
		expect(n8nReads).not.toContain('body');
		expect(n8nReads).toContain('previewUrl');
	});
});

describe('a typed operation\'s JSON field given a whole message', () => {
	it('says what it is and points to Send Message (JSON), before any request', async () => {
		const items = [{ json: { message: { to: TO, type: 'image', image: { link: 'https://example.com/a.jpg' } } } }];
		const run = node.execute.call(execution({ resource: 'message', operation: 'sendContacts', phoneNumberId: '', to: TO, contacts: (item: INodeExecutionData) => item.json.message }, items));
		await expect(run).rejects.toThrow(
			'Invalid Contacts (JSON) (contacts): is a whole Cloud API message (an image message), not this field\'s part of one: Send Message (JSON) sends a whole message object',
		);
		expect(emulator.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});
});
