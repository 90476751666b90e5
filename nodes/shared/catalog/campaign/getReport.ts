import { z } from 'zod';
import { campaignFor } from '../../campaign';
import { campaignReport } from '../../campaign/report';
import { LIMITS } from '../../validation/limits';
import { defineOperation } from '../types';

export const getCampaignReport = defineOperation<{ campaign: string }>({
	operation: 'getReport',
	label: 'Get Report',
	action: 'Get a campaign report',
	help: 'For a Campaign Key given to template sends: sent, refused before sending by reason (validation, consent, blocked, window, messagingLimit, quality), failed at Meta by code, then delivered, read and failed from the status webhooks the trigger or webhook node received, each message counted once.',
	params: {
		campaign: {
			label: 'Campaign Key',
			type: 'string',
			required: true,
			help: 'The Campaign Key the sends carried.',
			placeholder: 'spring-sale-2026',
			schema: z.string().trim().min(1, { message: 'is required' }).max(LIMITS.bizOpaqueCallbackData, { message: `is over Meta's ${LIMITS.bizOpaqueCallbackData}-character limit for biz_opaque_callback_data` }),
		},
	},
	pacing: { kind: 'none' },
	run: (params, context) => campaignReport(campaignFor(context.account).store, params.campaign),
});
