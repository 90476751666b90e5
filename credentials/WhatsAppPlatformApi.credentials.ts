import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { httpClientProperty } from '../nodes/n8n/transport';
import { credentialFields } from '../nodes/shared/credentials';

/** The shared credential field list, rendered as n8n properties, and n8n's choice of HTTP client. */
const properties: INodeProperties[] = credentialFields.map((field) => ({
	displayName: field.label,
	name: field.name,
	type: 'string',
	typeOptions: field.secret ? { password: true, ...(field.multiline ? { rows: 4 } : {}) } : undefined,
	default: field.default,
	required: field.required,
	placeholder: field.placeholder,
	description: field.help,
}));
properties.push(httpClientProperty);

export class WhatsAppPlatformApi implements ICredentialType {
	name = 'whatsAppPlatformApi';

	displayName = 'WhatsApp Platform API';

	icon: Icon = { light: 'file:../icons/whatsapp.svg', dark: 'file:../icons/whatsapp.dark.svg' };

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';

	properties = properties;

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	// Tested by the WhatsApp Platform node (testedBy, nodes/n8n/credentialTest.ts): the token against
	// the default phone number, as the Node-RED config node does, and the Redis URL. Outside the
	// package's paced path: the one Graph call the pacer does not see (a single GET on saving).
}
