import { senderParam } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { fileParam } from './support/params';
import { uploadFromFlow } from './support/uploadFromFlow';

interface UploadMediaParams {
	phoneNumberId: string;
	fileProperty: string;
}

export const uploadMedia = defineOperation<UploadMediaParams>({
	operation: 'upload',
	label: 'Upload',
	action: 'Upload a media file',
	help: 'Uploads a file from the flow (image, video, audio, document or sticker) and returns its media ID, valid for 30 days.',
	params: {
		phoneNumberId: senderParam,
		fileProperty: fileParam('Input Binary Field', 'n8n: the binary property holding the file. Node-RED: the msg property holding a Buffer (payload by default).'),
	},
	pacing: { kind: 'none' },
	run: async (params, context, send) => {
		const { id, file, kind } = await uploadFromFlow(context, send, params.phoneNumberId, 'Input Binary Field (fileProperty)', params.fileProperty);
		return { id, kind, mimeType: file.mimeType, fileSize: file.data.length, ...(file.fileName ? { fileName: file.fileName } : {}) };
	},
});
