import { readDefaultNumber } from '../shared/account/lookups';
import { openAccount } from '../shared/account/open';
import { credentialFields, type RawSettings } from '../shared/credentials';
import { checkRedis } from '../shared/scale/check';
import { redact } from '../shared/secrets';
import { fetchTransport } from '../shared/graph/fetchTransport';
import { nodeRedCredentials, type AccountNode } from './account';
import { registerEditorRoutes } from './editorRoutes';
import type { RED } from './red';

type ConfigProps = Record<string, string | undefined> & { name?: string };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export default function register(RED: RED) {
	function WhatsAppPlatformConfig(this: AccountNode, config: ConfigProps) {
		RED.nodes.createNode(this, config);
		// Secrets come from the node's credentials, the other fields from its config.
		const raw: RawSettings = Object.fromEntries(credentialFields.map((field) => [field.name, field.secret ? this.credentials?.[field.name] : config[field.name]]));
		Object.assign(this, openAccount(raw, { transport: (settings) => fetchTransport(settings.accessToken), sleep, log: (message) => this.log(message) }));
		void checkToken(this);
		void checkRedisUrl(this);
	}
	RED.nodes.registerType('whatsapp-platform-config', WhatsAppPlatformConfig, { credentials: nodeRedCredentials });
	// The send and manage nodes' forms are drawn from the catalog and filled through a deployed account.
	registerEditorRoutes(RED);
}

/** Checks the token against the default phone number, as n8n's credential test does. */
async function checkToken(node: AccountNode) {
	const { phoneNumberId, accessToken } = node.account;
	if (!accessToken || !phoneNumberId) return;
	try {
		const data = await readDefaultNumber(node);
		node.log(`token verified for ${data.verified_name ?? ''} (${data.display_phone_number ?? phoneNumberId})`);
	} catch (error) {
		node.warn(redact(`could not verify the access token: ${(error as Error).message}`, node.secrets));
	}
}

/** Checks the Redis URL on deploy: a clear error when it is malformed, unreachable or refuses the password; the nodes go on with each instance's own state. */
async function checkRedisUrl(node: AccountNode) {
	const { redisUrl } = node.account;
	if (!redisUrl) return;
	const problem = await checkRedis(redisUrl);
	if (problem) node.error(redact(problem, node.secrets));
	else node.log('Redis reached: the limits, webhook deduplication and idempotency keys are shared with the other instances');
}
