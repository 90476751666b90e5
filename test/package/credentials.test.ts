import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WhatsAppPlatformApi } from '../../credentials/WhatsAppPlatformApi.credentials';
import { credentialFields } from '../../nodes/shared/credentials';

const html = readFileSync(join(__dirname, '../../nodes/node-red/whatsapp-platform-config.html'), 'utf8');

/** The object literal after `key:` in the config node's registerType call. */
function literalKeys(key: string): string[] {
	const block = new RegExp(`${key}:\\s*\\{([\\s\\S]*?)\\n\\t\\t\\}`).exec(html)![1];
	return [...block.matchAll(/^\t\t\t(\w+):/gm)].map((m) => m[1]);
}

describe('one credential field list in both hosts', () => {
	it('n8n renders every shared field, secrets as password fields, then its own choice of HTTP client', () => {
		const n8n = new WhatsAppPlatformApi();
		expect(n8n.name).toBe('whatsAppPlatformApi');
		expect(n8n.properties.map((p) => p.name)).toEqual([
			'accessToken',
			'appSecret',
			'verifyToken',
			'wabaId',
			'phoneNumberId',
			'apiVersion',
			'baseUrl',
			'throughput',
			'maxWaitSeconds',
			'redisUrl',
			'appId',
			'flowPrivateKey',
			'flowPrivateKeyPassphrase',
			'messagingLimit',
			'businessPortfolioId',
			'consentRule',
			'qualityPause',
			'managementBudget',
			'httpClient',
		]);
		// Connections kept open unless n8n's helper is chosen for an outbound proxy.
		const httpClient = n8n.properties.find((p) => p.name === 'httpClient')!;
		expect([httpClient.type, httpClient.default, httpClient.options?.map((o) => (o as { value: string }).value)]).toEqual(['options', 'keptOpen', ['keptOpen', 'n8n']]);
		for (const field of credentialFields) {
			const property = n8n.properties.find((p) => p.name === field.name)!;
			expect(property.typeOptions?.password === true).toBe(field.secret);
			expect(property.default).toBe(field.default);
		}
		expect(n8n.properties.find((p) => p.name === 'apiVersion')!.default).toBe('v24.0');
		expect(n8n.properties.find((p) => p.name === 'baseUrl')!.default).toBe('https://graph.facebook.com');
	});

	it('the Node-RED config node keeps secrets in password credentials and the rest in its properties', () => {
		const secrets = credentialFields.filter((f) => f.secret).map((f) => f.name);
		const plain = credentialFields.filter((f) => !f.secret).map((f) => f.name);
		expect(literalKeys('credentials')).toEqual(secrets);
		expect(literalKeys('defaults')).toEqual(['name', ...plain]);
		for (const name of secrets) expect(html).toMatch(new RegExp(`${name}: \\{ type: 'password'`));
		for (const field of credentialFields) expect(html).toContain(`id="node-config-input-${field.name}"`);
		expect(html).toContain("apiVersion: { value: 'v24.0'");
		expect(html).toContain("baseUrl: { value: 'https://graph.facebook.com'");
		for (const field of credentialFields.filter((f) => !f.secret)) expect(html).toContain(`${field.name}: { value: '${field.default}'`);
	});
});
