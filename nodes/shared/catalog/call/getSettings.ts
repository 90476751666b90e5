import { booleanParam } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

interface GetSettingsParams {
	phoneNumberId: string;
	includeSipCredentials: boolean;
}

export const getCallSettings = defineOperation<GetSettingsParams>({
	operation: 'getSettings',
	label: 'Get Settings',
	action: 'Get the calling settings',
	help: 'The number\'s calling settings (status, call icon, call hours, callback permission, codecs, voicemail, SIP) and any calling restrictions.',
	params: {
		phoneNumberId: phoneNumberParam,
		includeSipCredentials: booleanParam(
			'Include SIP Credentials',
			'Whether to include the SIP password Meta generated for the number (sip_user_password). It is a secret: keep it out of logs.',
		),
	},
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'GET',
		path: `${params.phoneNumberId}/settings`,
		...(params.includeSipCredentials ? { query: { include_sip_credentials: true } } : {}),
	}),
	// The calling settings at the top; other number settings Graph returns stay under their own keys.
	output: (data) => {
		const { calling, ...rest } = data as { calling?: Record<string, unknown> };
		return { ...(calling ?? {}), ...rest };
	},
});
