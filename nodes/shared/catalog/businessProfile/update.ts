import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { LIMITS } from '../../validation/limits';
import { fmt, text } from '../../validation/rules';
import { listOf, oneOf, options } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { httpUrl } from '../message/support/rules';
import { checkHandle, handleFor, uploadHandle, type MediaSource } from '../support/uploadSources';
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
	profilePictureSource?: MediaSource;
	profilePictureHandle?: string;
	profilePictureUrl?: string;
	profilePictureFile?: string;
}

const fromPicture = (source: MediaSource) => ({ profilePictureSource: [source] });

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
		profilePictureSource: {
			label: 'Profile Picture',
			type: 'options',
			default: '',
			options: [
				{ value: '', label: 'Unchanged' },
				{ value: 'handle', label: 'From a Handle', help: 'A handle from Upload > Upload File' },
				{ value: 'url', label: 'From a URL', help: 'A public URL, uploaded first' },
				{ value: 'file', label: 'From the Flow', help: 'n8n binary data or a Node-RED Buffer, uploaded first' },
			],
			help: 'A new picture: JPEG or PNG up to 5 MB, uploaded through the Resumable Upload API (the credential needs the App ID).',
			schema: oneOf(['handle', 'url', 'file'] as const).optional(),
		},
		profilePictureHandle: { label: 'Profile Picture Handle', type: 'string', required: true, showWhen: fromPicture('handle'), help: 'The handle (4::…) from Upload > Upload File.', schema: uploadHandle.optional() },
		profilePictureUrl: { label: 'Profile Picture URL', type: 'string', required: true, showWhen: fromPicture('url'), help: 'A public http(s) URL of a JPEG or PNG.', placeholder: 'https://example.com/logo.png', schema: httpUrl.optional() },
		profilePictureFile: {
			label: 'Profile Picture Input Binary Field',
			type: 'file',
			default: 'data',
			showWhen: fromPicture('file'),
			help: 'n8n: the binary property holding the picture. Node-RED: the msg property holding a Buffer (payload by default).',
			schema: text(1, 200).optional(),
		},
	},
	pacing: { kind: 'none' },
	check: (params, now) => {
		const fields = [params.about, params.address, params.description, params.email, params.websites, params.vertical, params.profilePictureSource];
		if (fields.every((v) => v === undefined)) throw new ValidationError('Business profile', 'needs at least one field to update');
		if (params.profilePictureSource === 'handle') checkHandle('Profile Picture Handle (profilePictureHandle)', params.profilePictureHandle, now);
	},
	run: async (params, context, send) => {
		const { phoneNumberId, profilePictureSource: source, profilePictureHandle, profilePictureUrl, profilePictureFile, ...fields } = params;
		const reference = source === 'url' ? profilePictureUrl! : source === 'file' ? (profilePictureFile ?? 'data') : profilePictureHandle!;
		const field = source === 'url' ? 'Profile Picture URL (profilePictureUrl)' : 'Profile Picture Input Binary Field (profilePictureFile)';
		const picture = source ? { profile_picture_handle: await handleFor(context, send, field, source, reference, 'PROFILE_PICTURE') } : {};
		const body = { messaging_product: 'whatsapp', ...fields, ...picture };
		return succeeded({ updated: true })(await send({ method: 'POST', path: `${phoneNumberId}/whatsapp_business_profile`, body }));
	},
});
