import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

const PROFILE_FIELDS = 'about,address,description,email,profile_picture_url,websites,vertical';

export const getBusinessProfile = defineOperation<{ phoneNumberId: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get the business profile',
	help: 'Reads the profile customers see for a number: about, address, description, email, websites, vertical and picture.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'GET', path: `${params.phoneNumberId}/whatsapp_business_profile`, query: { fields: PROFILE_FIELDS } }),
	// Graph wraps the one profile in `data: [...]`.
	output: (data) => (data as { data?: unknown[] }).data?.[0] ?? {},
});
