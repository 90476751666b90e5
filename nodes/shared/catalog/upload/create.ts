import { uploadFile } from '../support/resumableUpload';
import { handleExpiry, readUpload, type UploadUse } from '../support/uploadSources';
import { defineOperation } from '../types';
import { appIdParam, fileField, fileSourceParams, referenceOf, useParam, type FileSourceParams } from './support/params';

interface UploadFileParams extends FileSourceParams {
	appId: string;
	use: UploadUse;
}

export const createUpload = defineOperation<UploadFileParams>({
	operation: 'create',
	label: 'Upload File',
	action: 'Upload a file for a handle',
	help: 'Uploads a template header sample or a profile picture through the Resumable Upload API and returns its handle (4::…): a session, the bytes, and after an interruption the rest from the offset Meta has.',
	params: { appId: appIdParam, use: useParam, ...fileSourceParams },
	pacing: { kind: 'none' },
	run: async (params, context, send) => {
		const file = await readUpload(context, fileField(params), params.source, referenceOf(params), params.use);
		const result = await uploadFile(send, file, { appId: params.appId });
		const expiry = handleExpiry(result.handle);
		return {
			handle: result.handle,
			sessionId: result.sessionId,
			mimeType: file.mimeType,
			fileLength: file.data.length,
			...(file.fileName ? { fileName: file.fileName } : {}),
			...(expiry ? { expiresAt: new Date(expiry).toISOString() } : {}),
			resumed: result.resumed,
		};
	},
});
