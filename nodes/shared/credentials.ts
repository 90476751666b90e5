/**
 * The one credential field list. The n8n credential type and the Node-RED config node both render
 * it, so flows, docs and support use the same names in both hosts.
 */
export interface CredentialField {
	name:
		| 'accessToken'
		| 'appSecret'
		| 'verifyToken'
		| 'wabaId'
		| 'phoneNumberId'
		| 'apiVersion'
		| 'baseUrl'
		| 'throughput'
		| 'maxWaitSeconds'
		| 'redisUrl'
		| 'appId'
		| 'flowPrivateKey'
		| 'flowPrivateKeyPassphrase'
		| CampaignFieldName
		| 'managementBudget';
	label: string;
	/** Secrets are password fields in n8n and `password` credentials in Node-RED. */
	secret: boolean;
	required: boolean;
	default: string;
	placeholder?: string;
	help: string;
	/** Several lines (a PEM key): a text area where the host has one for secrets. */
	multiline?: boolean;
}

/** Campaign safety (nodes/shared/campaign): the messaging limit, consent and quality guard. */
type CampaignFieldName = 'messagingLimit' | 'businessPortfolioId' | 'consentRule' | 'qualityPause';

export const DEFAULT_API_VERSION = 'v24.0';
export const DEFAULT_BASE_URL = 'https://graph.facebook.com';

const campaignFields: CredentialField[] = [
	{
		name: 'messagingLimit',
		label: 'Messaging Limit',
		secret: false,
		required: false,
		default: 'auto',
		placeholder: 'auto',
		help: 'Unique users the business portfolio may reach with templates outside a service window in 24 hours. auto: read from the number (whatsapp_business_manager_messaging_limit, every 10 minutes); or TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED; off: no guard. A send past it fails before any request.',
	},
	{
		name: 'businessPortfolioId',
		label: 'Business Portfolio ID',
		secret: false,
		required: false,
		default: '',
		help: 'Optional. The messaging limit belongs to the business portfolio: give its ID when numbers of several WABAs share it. Empty: the limit is counted per WABA ID.',
	},
	{
		name: 'consentRule',
		label: 'Consent Rule',
		secret: false,
		required: false,
		default: 'opt-out',
		placeholder: 'opt-out',
		help: 'opt-out: marketing templates to a user who opted out fail before sending; opt-in: marketing needs a recorded opt-in; opt-out-all and opt-in-all: the same for every template category.',
	},
	{
		name: 'qualityPause',
		label: 'Quality Pause',
		secret: false,
		required: false,
		default: 'on',
		placeholder: 'on',
		help: 'on: marketing from a number rated RED or FLAGGED, and any send of a PAUSED or DISABLED template, fail before sending until the rating or template recovers; off: sent anyway.',
	},
];

export const credentialFields: readonly CredentialField[] = [
	{
		name: 'accessToken',
		label: 'Access Token',
		secret: true,
		required: true,
		default: '',
		help: 'A System User access token with whatsapp_business_messaging and whatsapp_business_management (Business Settings > System users > Generate token).',
	},
	{
		name: 'appSecret',
		label: 'App Secret',
		secret: true,
		required: false,
		default: '',
		help: 'App Dashboard > App settings > Basic. Verifies that incoming webhooks come from Meta (X-Hub-Signature-256).',
	},
	{
		name: 'verifyToken',
		label: 'Webhook Verify Token',
		secret: true,
		required: false,
		default: '',
		help: 'Any secret string you choose; Meta sends it back in the webhook verification handshake.',
	},
	{
		name: 'wabaId',
		label: 'WhatsApp Business Account ID',
		secret: false,
		required: false,
		default: '',
		placeholder: '102290129340398',
		help: 'The WABA ID (WhatsApp Manager > Account tools > Phone numbers), not the Business portfolio ID. Needed for templates, phone number lists, analytics and webhooks.',
	},
	{
		name: 'phoneNumberId',
		label: 'Default Phone Number ID',
		secret: false,
		required: false,
		default: '',
		placeholder: '106540352242922',
		help: 'The ID of the business phone number that sends by default (API Setup page), not the phone number itself.',
	},
	{
		name: 'apiVersion',
		label: 'Graph API Version',
		secret: false,
		required: true,
		default: DEFAULT_API_VERSION,
		help: 'The Graph API version every request is pinned to, for example v24.0.',
	},
	{
		name: 'baseUrl',
		label: 'Graph API Base URL',
		secret: false,
		required: true,
		default: DEFAULT_BASE_URL,
		help: 'Leave as is for Meta. Point it at the local Graph API emulator to dry-run flows.',
	},
	{
		name: 'throughput',
		label: 'Throughput (Messages per Second)',
		secret: false,
		required: false,
		default: 'standard',
		placeholder: 'standard',
		help: 'The sending number\'s throughput: standard (80 messages per second), high (1000, after the automatic upgrade), auto (read from the number\'s throughput level every 10 minutes) or a number (20 for coexistence numbers). Sends are paced to it.',
	},
	{
		name: 'maxWaitSeconds',
		label: 'Max Wait (Seconds)',
		secret: false,
		required: false,
		default: '300',
		help: 'The longest a message waits for its rate-limit slot (and retries) before it fails with an error instead of blocking the flow.',
	},
	{
		name: 'redisUrl',
		label: 'Redis URL',
		secret: true,
		required: false,
		default: '',
		placeholder: 'redis://:password@host:6379/0',
		help: 'Optional. Shares the rate limits across processes and machines (n8n queue mode, several Node-RED instances). Empty: each process paces on its own.',
	},
	// The Resumable Upload API opens its sessions on the app: POST /{app-id}/uploads (Meta's "Upload a file" page).
	{
		name: 'appId',
		label: 'App ID',
		secret: false,
		required: false,
		default: '',
		placeholder: '1199620111111111',
		help: 'Optional. The Meta app\'s ID (App Dashboard > App settings > Basic). Needed only to upload template header samples and profile pictures (Resumable Upload API).',
	},
	// WhatsApp Flows: the business key pair whose public key is on the sending numbers.
	{
		name: 'flowPrivateKey',
		label: 'Flow Endpoint Private Key',
		secret: true,
		required: false,
		default: '',
		placeholder: '-----BEGIN PRIVATE KEY-----',
		help: 'Optional. The PEM private key (RSA, 2048 bits) that decrypts the requests of your WhatsApp Flow endpoint. Its public key goes to the number with Flow > Upload Public Key; Flow > Generate Key Pair makes one.',
		multiline: true,
	},
	{
		name: 'flowPrivateKeyPassphrase',
		label: 'Flow Endpoint Private Key Passphrase',
		secret: true,
		required: false,
		default: '',
		help: 'The passphrase of the Flow private key, if it is encrypted (openssl genrsa -des3). Empty: the key is not encrypted.',
	},
	...campaignFields,
	{
		name: 'managementBudget',
		label: 'Management Budget (Calls per Hour)',
		secret: false,
		required: false,
		default: 'auto',
		placeholder: 'auto',
		help: 'Management calls (templates, phone numbers, settings) Meta allows per WABA per hour: 5000 with a registered number, 200 without. auto: 5000 until a list of the WABA\'s phone numbers shows none registered; or 200 or 5000. Whatever the setting, Meta\'s X-Business-Use-Case-Usage header slows calls past 75 % and holds them when it says to wait.',
	},
];

/** The fields that came later (pacing, the App ID, the Flow key, campaign safety, the management budget): optional, so settings written before them stay valid. */
type LaterFieldName = 'throughput' | 'maxWaitSeconds' | 'redisUrl' | 'appId' | 'flowPrivateKey' | 'flowPrivateKeyPassphrase' | CampaignFieldName | 'managementBudget';
export type AccountSettings = { [K in Exclude<CredentialField['name'], LaterFieldName>]: string } & {
	[K in LaterFieldName]?: string;
};

/** A host's raw field values: the n8n credential's, or the Node-RED config node's and its credentials. */
export type RawSettings = Partial<Record<CredentialField['name'], unknown>>;

/** The settings as both hosts use them: each field trimmed, an empty one its default from credentialFields. */
export function normaliseSettings(raw: RawSettings): AccountSettings {
	const settings: Record<string, string> = {};
	for (const field of credentialFields) settings[field.name] = String(raw[field.name] ?? '').trim() || field.default;
	return settings as AccountSettings;
}

/** The values of the secret fields, for redaction; a key also by its lines, as pasted and as re-wrapped. */
export function secretValues(settings: Partial<AccountSettings>): string[] {
	return credentialFields
		.filter((field) => field.secret)
		.flatMap((field) => {
			const value = settings[field.name] ?? '';
			return field.multiline ? [value, ...keyLines(value)] : [value];
		})
		.filter((value) => value.length >= 4);
}

/** The lines of a PEM as pasted, and of its body re-wrapped at 64 characters (how the key is read). */
function keyLines(pem: string): string[] {
	const lines = pem.split(/\r?\n|\\n/).map((line) => line.trim()).filter((line) => line.length >= 16 && !line.startsWith('-----'));
	const body = pem.replace(/-----[A-Z ]+-----|\\n|\s+/g, '');
	return [...lines, ...(body.match(/.{1,64}/g) ?? []).filter((line) => line.length >= 16)];
}
