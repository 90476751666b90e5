import { createRequire } from 'node:module';
import type { IExecuteFunctions } from 'n8n-workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openN8nAccount } from '../../nodes/n8n/account';
import type { AccountNode } from '../../nodes/node-red/account';
import registerConfig from '../../nodes/node-red/whatsapp-platform-config';
import { credentialFields, normaliseSettings } from '../../nodes/shared/credentials';

const require = createRequire(__filename);
const helper = require('node-red-node-test-helper');

/** The same settings as a user types them: stray spaces, and fields left empty. */
const TYPED = {
	accessToken: '  EAAsettings-token-0123 ',
	appSecret: 'app-secret-0123\n',
	verifyToken: '',
	wabaId: ' 102290129340398',
	phoneNumberId: '',
	apiVersion: '  ',
	baseUrl: 'http://127.0.0.1:4010 ',
	throughput: '',
	maxWaitSeconds: ' 60 ',
	redisUrl: '',
	appId: ' 1199620111111111 ',
	flowPrivateKey: '',
	flowPrivateKeyPassphrase: '',
	messagingLimit: ' ',
	businessPortfolioId: '',
	consentRule: '',
	qualityPause: '',
	managementBudget: ' 200 ',
};

const NORMALISED = {
	accessToken: 'EAAsettings-token-0123',
	appSecret: 'app-secret-0123',
	verifyToken: '',
	wabaId: '102290129340398',
	phoneNumberId: '',
	apiVersion: 'v24.0',
	baseUrl: 'http://127.0.0.1:4010',
	throughput: 'standard',
	maxWaitSeconds: '60',
	redisUrl: '',
	appId: '1199620111111111',
	flowPrivateKey: '',
	flowPrivateKeyPassphrase: '',
	messagingLimit: 'auto',
	businessPortfolioId: '',
	consentRule: 'opt-out',
	qualityPause: 'on',
	managementBudget: '200',
};

beforeAll(() => helper.init(require.resolve('node-red')));
afterAll(() => helper.unload());

describe('an account\'s settings, normalised once for both hosts', () => {
	it('trims every field and gives an empty one its default from the credential field list', () => {
		expect(normaliseSettings(TYPED)).toEqual(NORMALISED);
		expect(normaliseSettings({})).toEqual(Object.fromEntries(credentialFields.map((field) => [field.name, field.default])));
	});

	it('opens the same account in n8n (the credential) and in Node-RED (config node and its credentials)', async () => {
		const context = { getCredentials: async () => TYPED, logger: { info: () => undefined } } as unknown as IExecuteFunctions;
		const n8n = await openN8nAccount(context);

		const secrets = Object.fromEntries(credentialFields.filter((f) => f.secret).map((f) => [f.name, TYPED[f.name]]));
		const config = Object.fromEntries(credentialFields.filter((f) => !f.secret).map((f) => [f.name, TYPED[f.name]]));
		await helper.load([registerConfig], [{ id: 'acct', type: 'whatsapp-platform-config', ...config }], { acct: secrets });
		const nodeRed = helper.getNode('acct') as AccountNode;

		expect(n8n.account).toEqual(NORMALISED);
		expect(nodeRed.account).toEqual(NORMALISED);
		expect(nodeRed.secrets).toEqual(n8n.secrets);
		expect(n8n.client.baseUrl).toBe('http://127.0.0.1:4010');
		// One pacer per Graph host in the process, whichever host opened the account.
		expect(nodeRed.pacer).toBe(n8n.pacer);
	});
});
