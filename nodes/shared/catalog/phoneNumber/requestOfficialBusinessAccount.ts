import { z } from 'zod';
import { text } from '../../validation/rules';
import { httpUrl, list } from '../message/support/rules';
import { listOf } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

interface RequestObaParams {
	phoneNumberId: string;
	businessWebsiteUrl: string;
	primaryCountryOfOperation: string;
	primaryLanguage?: string;
	parentBusinessOrBrand?: string;
	supportingLinks?: string[];
	additionalSupportingInformation?: string;
}

export const requestOfficialBusinessAccount = defineOperation<RequestObaParams>({
	operation: 'requestOfficialBusinessAccount',
	label: 'Request Official Business Account',
	action: 'Request Official Business Account status',
	help: 'Applies for the blue badge of an Official Business Account for the number; Get Status shows the review (official_business_account.oba_status).',
	notice: 'Meta takes applications from numbers at least 30 days on the platform, of a verified business portfolio, with two-step verification on and an approved display name. A denied application can be sent again after 30 days.',
	params: {
		phoneNumberId: phoneNumberParam,
		businessWebsiteUrl: { label: 'Business Website URL', type: 'string', required: true, help: 'The business\'s website.', placeholder: 'https://www.luckyshrub.com', schema: httpUrl },
		primaryCountryOfOperation: {
			label: 'Primary Country of Operation',
			type: 'string',
			required: true,
			help: 'Where the business mainly operates: an ISO 3166 country code such as US or DE.',
			placeholder: 'US',
			schema: z
				.string({ invalid_type_error: 'must be a country code' })
				.trim()
				.transform((value) => value.toUpperCase())
				.refine((value) => /^[A-Z]{2}$/.test(value), { message: 'must be a two-letter ISO 3166 country code such as US or DE' }),
		},
		primaryLanguage: { label: 'Primary Language', type: 'string', help: 'Optional: the language the business mainly uses, e.g. English.', schema: text(1, 100).optional() },
		parentBusinessOrBrand: { label: 'Parent Business or Brand', type: 'string', help: 'Optional: the parent company or brand, when the name is a part of one.', schema: text(1, 256).optional() },
		supportingLinks: {
			label: 'Supporting Links',
			type: 'text',
			help: 'Optional: 5 to 10 links (comma- or line-separated) to press or articles about the business that show it is notable; not paid or promotional content.',
			schema: listOf(httpUrl).pipe(list(z.string(), 5, 10, 'links')).optional(),
		},
		additionalSupportingInformation: { label: 'Additional Supporting Information', type: 'text', help: 'Optional: anything else for the review.', schema: text(1, 2000).optional() },
	},
	// The number's own edge is not on Meta's list of WABA calls.
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/official_business_account`,
		body: {
			business_website_url: params.businessWebsiteUrl,
			primary_country_of_operation: params.primaryCountryOfOperation,
			...(params.primaryLanguage ? { primary_language: params.primaryLanguage } : {}),
			...(params.parentBusinessOrBrand ? { parent_business_or_brand: params.parentBusinessOrBrand } : {}),
			...(params.supportingLinks?.length ? { supporting_links: params.supportingLinks } : {}),
			...(params.additionalSupportingInformation ? { additional_supporting_information: params.additionalSupportingInformation } : {}),
		},
	}),
});
