import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

/** What says whether a number can work now: connection, verification, names, quality, health, OBA. */
const STATUS_FIELDS =
	'status,code_verification_status,name_status,new_name_status,quality_rating,health_status,whatsapp_business_manager_messaging_limit,is_official_business_account,official_business_account';

export const getPhoneNumberStatus = defineOperation<{ phoneNumberId: string }>({
	operation: 'getStatus',
	label: 'Get Status',
	action: 'Get a phone number\'s current status',
	help: 'Reads what decides whether the number can send now: its connection status, code verification, display name reviews, quality rating, health, messaging limit and Official Business Account status.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	request: (params) => ({ method: 'GET', path: params.phoneNumberId, query: { fields: STATUS_FIELDS } }),
});
