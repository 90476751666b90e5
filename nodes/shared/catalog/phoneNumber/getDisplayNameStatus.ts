import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

export const getDisplayNameStatus = defineOperation<{ phoneNumberId: string }>({
	operation: 'getDisplayNameStatus',
	label: 'Get Display Name Status',
	action: 'Get the display name status',
	help: 'Reads the current display name and its review (name_status), and a requested one with its review (new_display_name, new_name_status: PENDING_REVIEW, APPROVED, DECLINED, …).',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'GET', path: params.phoneNumberId, query: { fields: 'verified_name,name_status,new_display_name,new_name_status' } }),
});
