import { z } from 'zod';
import { numericId, text } from '../../../validation/rules';
import { httpUrl } from '../../message/support/rules';
import { oneOf } from '../../support/fields';
import { UPLOAD_USES, type UploadUse } from '../../support/uploadSources';
import type { ParamSpec } from '../../types';

/** What the Resumable Upload operations share. */

export const appIdParam: ParamSpec<string> = {
	label: 'App ID',
	type: 'string',
	required: true,
	fromAccount: 'appId',
	help: 'The Meta app the upload belongs to (App Dashboard > App settings > Basic). Empty: the App ID of the credential.',
	placeholder: '1199620111111111',
	schema: numericId,
};

export const sessionIdParam: ParamSpec<string> = {
	label: 'Session ID',
	type: 'string',
	required: true,
	help: 'The upload session, as Start Session returned it (upload:…, with its ?sig=… if it has one).',
	placeholder: 'upload:MTphdHRhY2htZW50Ojlk…',
	schema: z
		.string({ invalid_type_error: 'must be an upload session ID' })
		.trim()
		.refine((value) => /^upload:[^\s/]+$/.test(value), { message: 'must be an upload session ID (upload:…)' }),
};

const uses = Object.keys(UPLOAD_USES) as UploadUse[];
const useLabels: Record<UploadUse, string> = { IMAGE: 'Image Header', VIDEO: 'Video Header', DOCUMENT: 'Document Header', PROFILE_PICTURE: 'Profile Picture' };

export const useParam: ParamSpec<UploadUse> = {
	label: 'For',
	type: 'options',
	default: 'IMAGE',
	options: uses.map((use) => ({ value: use, label: useLabels[use], help: `${UPLOAD_USES[use].mimeTypes.join(', ')}, up to ${UPLOAD_USES[use].maxBytes / 1_000_000} MB` })),
	help: 'What the file is for, which sets the types and size it may have: an image header (JPEG, PNG, 5 MB), a video header (MP4, 16 MB), a document header (PDF, 100 MB) or a profile picture (JPEG, PNG, 5 MB).',
	schema: oneOf(uses).default('IMAGE'),
};

export interface FileSourceParams {
	source: 'file' | 'url';
	fileUrl?: string;
	fileProperty?: string;
}

export const fileSourceParams = {
	source: {
		label: 'File Source',
		type: 'options',
		default: 'file',
		options: [
			{ value: 'file', label: 'File From the Flow', help: 'n8n binary data or a Node-RED Buffer' },
			{ value: 'url', label: 'URL', help: 'A public http(s) URL, fetched without the account\'s token' },
		],
		help: 'Where the file comes from.',
		schema: z.enum(['file', 'url'], { errorMap: () => ({ message: 'must be file or url' }) }).default('file'),
	},
	fileUrl: {
		label: 'File URL',
		type: 'string',
		required: true,
		showWhen: { source: ['url'] },
		help: 'A public http(s) URL of the file.',
		placeholder: 'https://example.com/sample.jpg',
		schema: httpUrl.optional(),
	},
	fileProperty: {
		label: 'Input Binary Field',
		type: 'file',
		default: 'data',
		showWhen: { source: ['file'] },
		help: 'n8n: the binary property holding the file. Node-RED: the msg property holding a Buffer (payload by default).',
		schema: text(1, 200).optional(),
	},
} satisfies { [K in keyof FileSourceParams]-?: ParamSpec<FileSourceParams[K]> };

/** The reference of the chosen source: the URL, or the binary property / msg property. */
export const referenceOf = (params: FileSourceParams) => (params.source === 'url' ? params.fileUrl! : (params.fileProperty ?? 'data'));

/** The field named in errors about the file. */
export const fileField = (params: FileSourceParams) => (params.source === 'url' ? 'File URL (fileUrl)' : 'Input Binary Field (fileProperty)');
