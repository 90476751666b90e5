import { z } from 'zod';
import { text } from '../../validation/rules';
import { oneOf } from '../support/fields';
import { startSession } from '../support/resumableUpload';
import { defineOperation } from '../types';
import { appIdParam } from './support/params';

/** The types the Resumable Upload API takes (Meta's "Upload a file" page). */
const fileTypes = ['image/jpeg', 'image/png', 'video/mp4', 'application/pdf'] as const;

interface StartSessionParams {
	appId: string;
	fileName: string;
	fileLength: number;
	fileType: (typeof fileTypes)[number];
}

export const createUploadSession = defineOperation<StartSessionParams>({
	operation: 'createSession',
	label: 'Start Session',
	action: 'Start an upload session',
	help: 'Opens a Resumable Upload session for a file of this name, length and type; Upload to Session then sends its bytes.',
	params: {
		appId: appIdParam,
		fileName: { label: 'File Name', type: 'string', required: true, help: 'The file\'s name, e.g. sample.jpg.', placeholder: 'sample.jpg', schema: text(1, 255) },
		fileLength: {
			label: 'File Length',
			type: 'number',
			required: true,
			help: 'The file\'s size in bytes.',
			schema: z.coerce.number({ invalid_type_error: 'must be a number of bytes' }).int('must be a whole number of bytes').min(1, 'must be at least 1 byte'),
		},
		fileType: {
			label: 'File Type',
			type: 'options',
			default: 'image/jpeg',
			options: fileTypes.map((type) => ({ value: type, label: type })),
			help: 'The file\'s MIME type: JPEG or PNG for an image header or profile picture, MP4 for a video header, PDF for a document header.',
			schema: oneOf(fileTypes).default('image/jpeg'),
		},
	},
	pacing: { kind: 'none' },
	run: async (params, _context, send) => {
		const file = { data: new Uint8Array(params.fileLength), mimeType: params.fileType, fileName: params.fileName };
		return { sessionId: await startSession(send, params.appId, file) };
	},
});
