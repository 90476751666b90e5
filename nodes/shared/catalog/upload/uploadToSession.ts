import { uploadFile } from '../support/resumableUpload';
import { handleExpiry, readUpload, type UploadUse } from '../support/uploadSources';
import { defineOperation } from '../types';
import { fileField, fileSourceParams, referenceOf, sessionIdParam, useParam, type FileSourceParams } from './support/params';

interface UploadToSessionParams extends FileSourceParams {
	sessionId: string;
	use: UploadUse;
}

export const uploadToSession = defineOperation<UploadToSessionParams>({
	operation: 'uploadToSession',
	label: 'Upload to Session',
	action: 'Upload a file into a session',
	help: 'Sends a file into a session from Start Session, or the rest of it after an interruption: the bytes from the offset Meta has. Returns the handle.',
	params: { sessionId: sessionIdParam, use: useParam, ...fileSourceParams },
	pacing: { kind: 'none' },
	run: async (params, context, send) => {
		const file = await readUpload(context, fileField(params), params.source, referenceOf(params), params.use);
		const result = await uploadFile(send, file, { sessionId: params.sessionId });
		const expiry = handleExpiry(result.handle);
		return { handle: result.handle, sessionId: result.sessionId, fileLength: file.data.length, ...(expiry ? { expiresAt: new Date(expiry).toISOString() } : {}), resumed: result.resumed };
	},
});
