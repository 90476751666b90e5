import type { ListParams } from '../../graph/paging';
import { listParams, wabaParam } from '../management';
import { defineOperation } from '../types';

/** What a user checks on a number: identity, quality, throughput, limit, name and verification. */
export const PHONE_NUMBER_FIELDS =
	'id,display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit,name_status,code_verification_status,status,platform_type,account_mode';

export const listPhoneNumbers = defineOperation<ListParams & { wabaId: string }>({
	resource: 'phoneNumber',
	operation: 'getAll',
	label: 'Get Many',
	action: 'Get many phone numbers',
	help: 'Lists the WABA\'s business phone numbers, one item per number, newest onboarded first.',
	params: { wabaId: wabaParam, ...listParams },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.wabaId}/phone_numbers`, query: { fields: PHONE_NUMBER_FIELDS } }),
});
