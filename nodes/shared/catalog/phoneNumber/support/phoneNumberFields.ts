/** What a user checks on a number: identity, quality, throughput, limit, name and verification. */
export const PHONE_NUMBER_FIELDS =
	'id,display_phone_number,verified_name,quality_rating,throughput,whatsapp_business_manager_messaging_limit,name_status,code_verification_status,status,platform_type,account_mode';
