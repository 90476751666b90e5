import { campaignFor } from '../../campaign';
import { defineOperation } from '../types';
import { consentNumberParam } from './support/params';
import { consentCsv } from './support/listFile';
import { consentOutput } from './support/record';

export const exportConsent = defineOperation<{ phoneNumberId: string }>({
	operation: 'export',
	label: 'Export',
	action: 'Export the consent list',
	help: 'The number\'s whole consent list: `records` (one per user) and `csv` in the format Import reads.',
	params: { phoneNumberId: consentNumberParam },
	pacing: { kind: 'none' },
	run: async (params, context) => {
		const records = await campaignFor(context.account).store.consents(params.phoneNumberId);
		return { records: Object.entries(records).map(([user, record]) => consentOutput(user, record)), csv: consentCsv(records) };
	},
});
