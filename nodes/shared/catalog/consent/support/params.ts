import { z } from 'zod';
import { recipientParam } from '../../support/sendEnvelope';
import { phoneNumberParam } from '../../support/managementParams';
import type { ParamSpec } from '../../types';
import { text } from '../../../validation/rules';

/** The consent list is kept per business number (Meta's user_preferences webhook names the number). */
export const consentNumberParam: ParamSpec<string> = {
	...phoneNumberParam,
	help: 'The business phone number ID whose consent list this is. Empty: the default phone number ID of the credential.',
};

export const userParam: ParamSpec<string> = { ...recipientParam, label: 'User Phone Number', help: 'The customer\'s WhatsApp number in international format: +16505551234.' };

export const sourceParam: ParamSpec<string> = {
	label: 'Source',
	type: 'string',
	default: 'manual',
	help: 'Where the consent was given or withdrawn (web form, checkout, call centre…), kept with the record.',
	schema: text(1, 200).default('manual'),
};

export const atParam: ParamSpec<string | undefined> = {
	label: 'Time',
	type: 'dateTime',
	help: 'When it was given or withdrawn. Empty: now.',
	schema: z.string().trim().optional().transform((value, ctx) => {
		if (!value) return undefined;
		if (Number.isNaN(Date.parse(value))) ctx.addIssue({ code: 'custom', message: 'must be a date and time such as 2026-05-01T10:00:00Z' });
		return value;
	}),
};

export interface RecordParams {
	phoneNumberId: string;
	user: string;
	source: string;
	at?: string;
}
