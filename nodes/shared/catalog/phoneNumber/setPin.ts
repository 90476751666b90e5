import { sixDigits } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

export const setPhoneNumberPin = defineOperation<{ phoneNumberId: string; pin: string }>({
	operation: 'setPin',
	label: 'Set Two-Step PIN',
	action: 'Set the two-step verification PIN',
	help: 'Sets or changes the two-step verification PIN of a registered number. The PIN cannot be disabled through the API.',
	params: {
		phoneNumberId: phoneNumberParam,
		pin: { label: 'PIN', type: 'string', required: true, help: 'The new 6-digit PIN.', placeholder: '123456', schema: sixDigits },
	},
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'POST', path: params.phoneNumberId, body: { pin: params.pin } }),
	output: succeeded({ pinSet: true }),
});
