import { campaignFor } from '../../campaign';
import { userOf } from '../../campaign/guard';
import { defineOperation } from '../types';
import { consentNumberParam, userParam } from './support/params';
import { consentOutput } from './support/record';

export const getConsent = defineOperation<{ phoneNumberId: string; user: string }>({
	operation: 'get',
	label: 'Look Up',
	action: 'Look up a user\'s consent',
	help: 'The user\'s last recorded opt-in or opt-out for this number, with source and time; status "none" when nothing is recorded.',
	params: { phoneNumberId: consentNumberParam, user: userParam },
	pacing: { kind: 'none' },
	run: async (params, context) => {
		const user = userOf(params.user);
		const record = await campaignFor(context.account).store.consent(params.phoneNumberId, user);
		return record ? consentOutput(user, record) : { user, status: 'none' };
	},
});
