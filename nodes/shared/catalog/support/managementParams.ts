import { z } from 'zod';
import { numericId } from '../../validation/rules';
import type { ParamSpec } from '../types';

/** Parameters the account-management operations share: the account's WABA and number, and list paging. */

export const wabaParam: ParamSpec<string> = {
	label: 'WhatsApp Business Account ID',
	type: 'string',
	required: true,
	fromAccount: 'wabaId',
	help: 'The WABA that owns the templates, numbers and reports. Empty: the WABA ID of the credential.',
	placeholder: '102290129340398',
	schema: numericId,
};

export const phoneNumberParam: ParamSpec<string> = {
	label: 'Phone Number ID',
	type: 'phoneNumberId',
	required: true,
	fromAccount: 'phoneNumberId',
	help: 'The ID of the business phone number (not the number itself). Empty: the default phone number ID of the credential.',
	placeholder: '106540352242922',
	schema: numericId,
};

/** Return All + Limit, as n8n's list operations have them; run.ts follows the cursors. */
export const listParams = {
	returnAll: {
		label: 'Return All',
		type: 'boolean',
		default: false,
		help: 'Whether to return all results, following the pages, or only up to a given limit.',
		schema: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
	} satisfies ParamSpec<boolean>,
	limit: {
		label: 'Limit',
		type: 'number',
		default: 50,
		help: 'Max number of results to return.',
		showWhen: { returnAll: [false] },
		schema: z.coerce
			.number({ invalid_type_error: 'must be a number' })
			.int('must be a whole number')
			.min(1, 'must be at least 1')
			.default(50),
	} satisfies ParamSpec<number>,
};
