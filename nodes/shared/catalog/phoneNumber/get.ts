import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { PHONE_NUMBER_FIELDS } from './support/phoneNumberFields';

export const getPhoneNumber = defineOperation<{ phoneNumberId: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get a phone number',
	help: 'Reads a business number: display number, verified name, quality rating, throughput level, messaging limit, name and verification status.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'GET', path: params.phoneNumberId, query: { fields: PHONE_NUMBER_FIELDS } }),
});
