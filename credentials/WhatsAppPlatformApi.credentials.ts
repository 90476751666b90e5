import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { credentialFields } from '../nodes/shared/credentials';

/** The shared credential field list, rendered as n8n properties. */
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

	// The same check as the Node-RED config node: can this token read the default phone number?
	// A declarative request that n8n makes itself, outside the package's paced path: the one Graph
	// call the pacer does not see (a single GET when the credential is saved).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/{{$credentials.apiVersion}}',
			url: '=/{{$credentials.phoneNumberId}}',
			method: 'GET',
		},
	};
}
