import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { fieldsSchema } from './support/params';

/**
 * The fields read by default: Meta's reference fields of the WABA (its own default is id and
 * name only) and the Marketing Messages API's onboarding status.
 */
const DEFAULT_FIELDS =
	'id,name,currency,timezone_id,message_template_namespace,account_review_status,business_verification_status,country,ownership_type,status,marketing_messages_onboarding_status';

export const getBusinessAccount = defineOperation<{ wabaId: string; fields: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get a WhatsApp Business Account',
	help: 'Reads the WABA: name, currency, time zone, template namespace, review and verification status, ownership and the fields you choose.',
	params: {
		wabaId: wabaParam,
		fields: {
			label: 'Fields',
			type: 'string',
			default: DEFAULT_FIELDS,
			help: 'Comma-separated fields of the WABA. Others Meta documents: primary_business_location, health_status, owner_business_info{name,id}, disable_marketing_messages_on_cloud_api, whatsapp_business_manager_messaging_limit, is_enabled_for_insights.',
			schema: fieldsSchema.default(DEFAULT_FIELDS),
		},
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'GET', path: params.wabaId, query: { fields: params.fields } }),
});
