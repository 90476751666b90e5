/**
 * Where account-level webhook fields arrive. Meta's "Webhook overrides" page: overrides carry
 * messages, calls, group and a few other fields; template, quality and account fields always go to
 * the app's callback URL, which the trigger's override subscription never replaces.
 */
export const ACCOUNT_LEVEL_FIELDS = [
	'message_template_status_update',
	'message_template_quality_update',
	'message_template_components_update',
	'template_category_update',
	'phone_number_quality_update',
	'phone_number_name_update',
	'account_update',
	'account_review_update',
	'account_alerts',
	'business_capability_update',
	'user_preferences',
	'security',
];

export const ACCOUNT_LEVEL_HELP =
	`Template, quality and account fields (${ACCOUNT_LEVEL_FIELDS.join(', ')}) are sent by Meta only to the app's callback URL, never to the override this node subscribes: to receive them here, set the app's callback URL (App Dashboard > WhatsApp > Configuration) to this node's URL with the same verify token. The quality guard and template pause work from whichever node receives them.`;
