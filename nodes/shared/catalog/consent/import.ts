import { z } from 'zod';
import { campaignFor } from '../../campaign';
import { defineOperation } from '../types';
import { consentNumberParam } from './support/params';
import { parseConsentList } from './support/listFile';

export const importConsent = defineOperation<{ phoneNumberId: string; list: unknown }>({
	operation: 'import',
	label: 'Import',
	action: 'Import a consent list',
	help: 'Adds opt-ins and opt-outs from a list: CSV with the header user,status,source,at (status in or out, at in ISO 8601), or a JSON array of {user, status, source, at}. The whole list is checked first: one bad line and nothing is written.',
	params: {
		phoneNumberId: consentNumberParam,
		list: {
			label: 'Consent List',
			type: 'text',
			required: true,
			help: 'The list as Export writes it: CSV with the header user,status,source,at, or a JSON array.',
			placeholder: 'user,status,source,at\n+16505551234,in,web form,2026-05-01T10:00:00Z',
			schema: z.unknown(),
		},
	},
	pacing: { kind: 'none' },
	run: async (params, context) => {
		const entries = parseConsentList(params.list, context.now?.() ?? Date.now());
		await campaignFor(context.account).store.setConsent(params.phoneNumberId, entries);
		return { imported: entries.length, optedIn: entries.filter(([, r]) => r.status === 'in').length, optedOut: entries.filter(([, r]) => r.status === 'out').length };
	},
});
