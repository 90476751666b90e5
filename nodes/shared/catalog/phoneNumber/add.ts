import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { booleanParam } from '../support/fields';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { displayName } from './support/displayName';

interface AddPhoneNumberParams {
	wabaId: string;
	countryCode: string;
	phoneNumber: string;
	verifiedName: string;
	migratePhoneNumber: boolean;
}

const digits = (what: string, min: number, max: number) =>
	z
		.union([z.string(), z.number()], { invalid_type_error: `must be ${what}` })
		.transform((value) => String(value).replace(/[\s\-().+]/g, ''))
		.refine((value) => new RegExp(`^\\d{${min},${max}}$`).test(value), { message: `must be ${what}: ${min} to ${max} digits` });

export const addPhoneNumber = defineOperation<AddPhoneNumberParams>({
	operation: 'add',
	label: 'Add',
	action: 'Add a phone number to the WABA',
	help: 'Adds a business phone number to the WABA with its display name and returns the new phone number ID. Then request a code, verify it and register the number; Meta reviews the display name.',
	notice: 'A number cannot be deleted through the API (Meta\'s Phone Number Management reference): Deregister takes it off Cloud API, and WhatsApp Manager deletes it (admins only, not within 30 days of its last paid message).',
	params: {
		wabaId: wabaParam,
		countryCode: { label: 'Country Code', type: 'string', required: true, help: 'The country calling code without + (1 for the US, 49 for Germany).', placeholder: '1', schema: digits('a country calling code', 1, 3) },
		phoneNumber: {
			label: 'Phone Number',
			type: 'string',
			required: true,
			help: 'The number without its country code: 6315551000 for +1 631 555 1000. Spaces and dashes are fine.',
			placeholder: '631 555 1000',
			schema: digits('the national number', 4, 14),
		},
		verifiedName: { label: 'Display Name', type: 'string', required: true, help: 'The name customers see, reviewed by Meta: at least 3 characters, no "WhatsApp", no emoji.', placeholder: 'Lucky Shrub', schema: displayName },
		migratePhoneNumber: booleanParam('Migrate Phone Number', 'Whether the number moves here from the On-Premises API or another WABA (migrate_phone_number).'),
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	check: (params) => {
		const total = params.countryCode.length + params.phoneNumber.length;
		if (total > LIMITS.phoneDigitsMax) throw new ValidationError('Phone Number (phoneNumber)', `with the country code it has ${total} digits; an international number has at most ${LIMITS.phoneDigitsMax}`);
	},
	request: (params) => ({
		method: 'POST',
		path: `${params.wabaId}/phone_numbers`,
		body: { cc: params.countryCode, phone_number: params.phoneNumber, verified_name: params.verifiedName, ...(params.migratePhoneNumber ? { migrate_phone_number: true } : {}) },
	}),
	output: (data, params) => ({ ...(data as object), displayPhoneNumber: `+${params.countryCode}${params.phoneNumber}`, verifiedName: params.verifiedName }),
});
