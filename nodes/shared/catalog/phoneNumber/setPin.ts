import { phoneNumberParam, sixDigits, succeeded } from '../management';
import { defineOperation } from '../types';

export const setPin = defineOperation<{ phoneNumberId: string; pin: string }>({
	resource: 'phoneNumber',
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
