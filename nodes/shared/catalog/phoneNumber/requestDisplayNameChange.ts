import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { displayName } from './support/displayName';

export const requestDisplayNameChange = defineOperation<{ phoneNumberId: string; newDisplayName: string }>({
	operation: 'requestDisplayNameChange',
	label: 'Request Display Name Change',
	action: 'Request a display name change',
	help: 'Submits a new display name for review; Get Display Name Status shows the review. At most 10 changes per 30 days.',
	notice: 'After Meta approves the name, register the number again (Register, with its PIN) within 14 days, or the name goes back into review. Official Business Accounts change their name through Meta\'s support.',
	params: {
		phoneNumberId: phoneNumberParam,
		newDisplayName: { label: 'New Display Name', type: 'string', required: true, help: 'The name customers will see: at least 3 characters, no "WhatsApp", no emoji.', placeholder: 'Lucky Shrub Garden', schema: displayName },
	},
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'POST', path: params.phoneNumberId, query: { new_display_name: params.newDisplayName } }),
	output: (data, params) => succeeded({ requested: params.newDisplayName })(data),
});
