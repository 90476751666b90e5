import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { searchPhoneNumbers, searchTemplates } from '../../nodes/WhatsAppPlatform/methods/listSearch';
import { getTemplateFields } from '../../nodes/WhatsAppPlatform/methods/resourceMapping';
import { startEmulator, type GraphEmulator } from '../../emulator/server';

const TOKEN = 'EAAn8n-methods-token-0123';
let emulator: GraphEmulator;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'x' });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

/**
 * The part of n8n's load-options context the methods use: the credential, the node's current
 * parameters, and httpRequestWithAuthentication (here: fetch with the credential's Bearer token).
 */
function editor(parameters: Record<string, unknown>, wabaId = '102290129340398') {
	const credentials = { accessToken: TOKEN, wabaId, phoneNumberId: '', apiVersion: 'v24.0', baseUrl: emulator.url, appSecret: '', verifyToken: '' };
	return {
		getNode: () => ({ name: 'WhatsApp', type: 'whatsAppPlatform', typeVersion: 1, position: [0, 0], parameters: {}, id: 'n1' }),
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback: unknown) => {
			const value = parameters[name];
			if (value && typeof value === 'object' && '__rl' in value) return (value as unknown as { value: unknown }).value;
			return value ?? fallback;
		},
		helpers: {
			async httpRequestWithAuthentication(_type: string, options: IHttpRequestOptions) {
				const response = await fetch(options.url, { method: options.method, headers: { ...(options.headers as object), authorization: `Bearer ${credentials.accessToken}` } });
				return { statusCode: response.status, headers: { 'content-type': response.headers.get('content-type') ?? '' }, body: Buffer.from(await response.arrayBuffer()) };
			},
		},
	} as unknown as ILoadOptionsFunctions;
}

describe('n8n editor lookups against the emulator', () => {
	it('lists the account\'s phone numbers, searchable by name or by number', async () => {
		const all = await searchPhoneNumbers.call(editor({}));
		expect(all.results).toEqual([
			{ name: 'Flowpace Demo (+15550783881)', value: '106540352242922' },
			{ name: 'Flowpace Support (+15550783882)', value: '106540352242923' },
		]);
		expect((await searchPhoneNumbers.call(editor({}), 'support')).results.map((r) => r.value)).toEqual(['106540352242923']);
		expect((await searchPhoneNumbers.call(editor({}), '+1 555 078 3881')).results.map((r) => r.value)).toEqual(['106540352242922']);
	});

	it('lists approved templates across every cursor page, as name|language', async () => {
		const seeded = [...emulator.state.templates.values()][0];
		for (let i = 0; i < 130; i++) emulator.state.templates.set(`9${i}`, { ...seeded, id: `9${i}`, name: `promo_${i}`, language: 'de' });
		const { results } = await searchTemplates.call(editor({}));
		expect(results).toHaveLength(134); // 4 approved seeds + 130, never the pending one
		expect(results.map((r) => r.value)).toContain('promo_129|de');
		expect(results.map((r) => r.value)).not.toContain('welcome_pending|en_US');
		const pages = emulator.state.requests.filter((r) => r.path.endsWith('/message_templates'));
		expect(pages.length).toBeGreaterThan(1);
		expect((await searchTemplates.call(editor({}), 'order')).results).toEqual([{ name: 'order_update (en_US, utility)', value: 'order_update|en_US' }]);
	});

	it('offers the chosen template\'s placeholders as fields', async () => {
		const { fields } = await getTemplateFields.call(editor({ template: { __rl: true, mode: 'list', value: 'order_update|en_US' } }));
		expect(fields.map((f) => [f.id, f.required, f.type])).toEqual([
			['header.image', true, 'string'],
			['body.first_name', true, 'string'],
			['body.order_number', true, 'string'],
			['button.0.url', true, 'string'],
		]);
		expect(fields[1].displayName).toContain('{{first_name}}');
	});

	it('looks up on the paced path: a transient fault of the platform is retried, as for every call', async () => {
		emulator.faults.add({ kind: 'error', code: 131000, path: '/phone_numbers$', method: 'GET' });
		const { results } = await searchPhoneNumbers.call(editor({}));
		expect(results.map((r) => r.value)).toEqual(['106540352242922', '106540352242923']);
		expect(emulator.state.requests.filter((r) => r.path.endsWith('/phone_numbers'))).toHaveLength(2);
	});

	it('says which template is missing, and asks for the WABA ID when the credential has none', async () => {
		await expect(getTemplateFields.call(editor({ template: 'nope', language: 'en_US' }))).rejects.toThrow('No template "nope" in en_US');
		await expect(searchPhoneNumbers.call(editor({}, ''))).rejects.toThrow('Set the WhatsApp Business Account ID in the credential');
	});
});
