import { defineResource } from '../types';
import { createUpload } from './create';
import { createUploadSession } from './createSession';
import { getUploadSession } from './getSession';
import { uploadToSession } from './uploadToSession';

export const upload = defineResource({
	name: 'upload',
	label: 'Upload (Resumable)',
	help: 'Upload template header samples and profile pictures for a handle (Resumable Upload API).',
	notice: 'Needs the App ID in the credential: the Resumable Upload API opens its sessions on the app. A handle goes into a template\'s header sample or the business profile picture, not into messages (those take a media ID from Media > Upload).',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [createUpload, createUploadSession, getUploadSession, uploadToSession],
});
