import { credentialFields, secretValues, type AccountSettings } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { redact } from '../shared/secrets';
import { nodeRedCredentials, type AccountNode } from './account';
import type { RED } from './red';
import { undiciTransport } from './transport';
import { nodeRedPacer } from './pacing';

type ConfigProps = Partial<Record<keyof AccountSettings, string>>;

export default function register(RED: RED) {
	function WhatsAppPlatformConfig(this: AccountNode, config: ConfigProps & { name?: string }) {
		RED.nodes.createNode(this, config);
		const values: Record<string, string> = {};
		for (const field of credentialFields) {
			const raw = field.secret ? this.credentials?.[field.name] : config[field.name];
			values[field.name] = (raw ?? '').trim() || field.default;
		}
		this.account = values as AccountSettings;
		this.secrets = secretValues(this.account);
		this.client = new GraphClient({
			transport: undiciTransport(this.account.accessToken),
			baseUrl: this.account.baseUrl,
			apiVersion: this.account.apiVersion,
		});
		this.pacer = nodeRedPacer(this.account, (message) => this.log(redact(message, this.secrets)));
		void checkToken(this);
	}
	RED.nodes.registerType('whatsapp-platform-config', WhatsAppPlatformConfig, { credentials: nodeRedCredentials });
}

/** Checks the token against the default phone number, as n8n's credential test does. */
async function checkToken(node: AccountNode) {
	const { phoneNumberId, accessToken } = node.account;
	if (!accessToken || !phoneNumberId) return;
	try {
		const { data } = await node.client.request<{ display_phone_number?: string; verified_name?: string }>({
			method: 'GET',
			path: phoneNumberId,
			query: { fields: 'display_phone_number,verified_name' },
		});
		node.log(`token verified for ${data.verified_name ?? ''} (${data.display_phone_number ?? phoneNumberId})`);
	} catch (error) {
		node.warn(redact(`could not verify the access token: ${(error as Error).message}`, node.secrets));
	}
}
