import { oneOf } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { templateLanguage } from '../template/support/components';
import { defineOperation } from '../types';

interface RequestCodeParams {
	phoneNumberId: string;
	codeMethod: 'SMS' | 'VOICE';
	language: string;
}

export const requestPhoneNumberCode = defineOperation<RequestCodeParams>({
	operation: 'requestCode',
	label: 'Request Verification Code',
	action: 'Request a verification code',
	help: 'Sends a verification code to the number by SMS or voice call, to verify ownership.',
	params: {
		phoneNumberId: phoneNumberParam,
		codeMethod: {
			label: 'Method',
			type: 'options',
			default: 'SMS',
			options: [
				{ value: 'SMS', label: 'SMS' },
				{ value: 'VOICE', label: 'Voice Call' },
			],
			help: 'How the code is delivered.',
			schema: oneOf(['SMS', 'VOICE'] as const).default('SMS'),
		},
		language: { label: 'Language', type: 'string', default: 'en_US', help: 'The language of the SMS or call, e.g. en_US.', schema: templateLanguage.default('en_US') },
	},
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/request_code`, query: { code_method: params.codeMethod, language: params.language } }),
	output: succeeded({ codeRequested: true }),
});
