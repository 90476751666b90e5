import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { fmt, text } from '../../validation/rules';
import { listOf, oneOf, options } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

const verticals = [
	'UNDEFINED', 'OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY',
	'GOVT', 'HOTEL', 'HEALTH', 'NONPROFIT', 'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'NOT_A_BIZ',
] as const;

const website = z.string().refine((url) => /^https?:\/\/\S+$/.test(url) && url.length <= LIMITS.profileWebsite, {
	message: `each website must start with http:// or https:// and be at most ${LIMITS.profileWebsite} characters`,
});

interface UpdateProfileParams {
	phoneNumberId: string;
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: (typeof verticals)[number];
}

export const updateBusinessProfile = defineOperation<UpdateProfileParams>({
	operation: 'update',
	label: 'Update',
	action: 'Update the business profile',
	help: 'Changes the fields given; empty fields stay as they are.',
	params: {
		phoneNumberId: phoneNumberParam,
		about: { label: 'About', type: 'string', help: `The status line, 1 to ${LIMITS.profileAbout} characters.`, schema: text(1, LIMITS.profileAbout).optional() },
		address: { label: 'Address', type: 'string', help: `Up to ${LIMITS.profileAddress} characters.`, schema: text(1, LIMITS.profileAddress).optional() },
		description: { label: 'Description', type: 'text', help: `Up to ${LIMITS.profileDescription} characters.`, schema: text(1, LIMITS.profileDescription).optional() },
		email: {
			label: 'Email',
			type: 'string',
			help: `Up to ${LIMITS.profileEmail} characters.`,
			schema: text(1, LIMITS.profileEmail).refine((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: 'must be an email address' }).optional(),
		},
		websites: {
			label: 'Websites',
			type: 'string',
			help: `Up to ${LIMITS.profileWebsites} URLs, comma-separated, each with http:// or https://.`,
			placeholder: 'https://example.com, https://shop.example.com',
			schema: listOf(website)
				.refine((list) => list.length <= LIMITS.profileWebsites, (list) => ({ message: `may hold at most ${LIMITS.profileWebsites} websites, got ${fmt(list.length)}` }))
				.optional(),
		},
		vertical: { label: 'Industry', type: 'options', default: '', options: [{ value: '', label: 'Unchanged' }, ...options(verticals)], help: 'The business category.', schema: oneOf(verticals).optional() },
	},
	pacing: { kind: 'none' },
	check: (params) => {
		const fields = [params.about, params.address, params.description, params.email, params.websites, params.vertical];
		if (fields.every((v) => v === undefined)) throw new ValidationError('Business profile', 'needs at least one field to update');
	},
	request: (params) => {
		const { phoneNumberId, ...fields } = params;
		return { method: 'POST', path: `${phoneNumberId}/whatsapp_business_profile`, body: { messaging_product: 'whatsapp', ...fields } };
	},
	output: succeeded({ updated: true }),
});
