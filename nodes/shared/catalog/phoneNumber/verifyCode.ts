import { sixDigits } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

export const verifyPhoneNumberCode = defineOperation<{ phoneNumberId: string; code: string }>({
	operation: 'verifyCode',
	label: 'Verify Code',
	action: 'Verify a phone number code',
	help: 'Confirms the code received by SMS or voice call.',
	params: {
		phoneNumberId: phoneNumberParam,
		code: { label: 'Code', type: 'string', required: true, help: 'The 6-digit code.', placeholder: '123456', schema: sixDigits },
	},
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/verify_code`, body: { code: params.code } }),
	output: succeeded({ verified: true }),
});
