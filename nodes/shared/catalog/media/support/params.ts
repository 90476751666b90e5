import { numericId, text } from '../../../validation/rules';
import type { ParamSpec } from '../../types';

export const mediaIdParam: ParamSpec<string> = {
	label: 'Media ID',
	type: 'string',
	required: true,
	help: 'The media ID from an upload or from an incoming message\'s webhook.',
	placeholder: '1037543291543636',
	schema: numericId,
};

/** Restricts a media call to files of this number (optional `phone_number_id` query). */
export const ownerNumberParam: ParamSpec<string | undefined> = {
	label: 'Only Media of Phone Number ID',
	type: 'string',
	help: 'Optional: only act on media uploaded by this business phone number.',
	schema: numericId.optional(),
};

export const fileParam = (label: string, help: string): ParamSpec<string> => ({
	label,
	type: 'file',
	default: 'data',
	help,
	schema: text(1, 200).default('data'),
});
