import { oneOf, sixDigits } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

/** Where Cloud API may store message data at rest (Meta's Registration page: data_localization_region). */
const regions = ['AU', 'ID', 'IN', 'JP', 'SG', 'KR', 'DE', 'CH', 'GB', 'BR', 'BH', 'ZA', 'AE', 'CA'] as const;

interface RegisterParams {
	phoneNumberId: string;
	pin: string;
	dataLocalizationRegion?: (typeof regions)[number];
}

export const registerPhoneNumber = defineOperation<RegisterParams>({
	operation: 'register',
	label: 'Register',
	action: 'Register a phone number',
	help: 'Registers the number for Cloud API, setting its two-step PIN. At most 10 register calls per number per 72 hours.',
	params: {
		phoneNumberId: phoneNumberParam,
		pin: { label: 'PIN', type: 'string', required: true, help: 'The 6-digit two-step verification PIN (a new one, or the existing one).', placeholder: '123456', schema: sixDigits },
		dataLocalizationRegion: {
			label: 'Data Localization Region',
			type: 'options',
			default: '',
			options: [{ value: '', label: 'None' }, ...regions.map((r) => ({ value: r, label: r }))],
			help: 'Optional: the country where message data is stored at rest (local storage).',
			schema: oneOf(regions).optional(),
		},
	},
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/register`,
		body: { messaging_product: 'whatsapp', pin: params.pin, ...(params.dataLocalizationRegion ? { data_localization_region: params.dataLocalizationRegion } : {}) },
	}),
	output: succeeded({ registered: true }),
});
