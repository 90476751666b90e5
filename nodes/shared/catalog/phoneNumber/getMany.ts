import type { ListParams } from '../../graph/paging';
import { listParams, wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { PHONE_NUMBER_FIELDS } from './support/phoneNumberFields';

export const getManyPhoneNumbers = defineOperation<ListParams & { wabaId: string }>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many phone numbers',
	help: 'Lists the WABA\'s business phone numbers, one item per number, newest onboarded first.',
	params: { wabaId: wabaParam, ...listParams },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.wabaId}/phone_numbers`, query: { fields: PHONE_NUMBER_FIELDS } }),
});
