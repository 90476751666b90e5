import { sessionOffset } from '../support/resumableUpload';
import { defineOperation } from '../types';
import { sessionIdParam } from './support/params';

export const getUploadSession = defineOperation<{ sessionId: string }>({
	operation: 'getSession',
	label: 'Get Session',
	action: 'Get an upload session',
	help: 'Reads how many bytes of the file Meta has received (file_offset): where an interrupted upload goes on.',
	params: { sessionId: sessionIdParam },
	pacing: { kind: 'none' },
	run: async (params, _context, send) => ({ sessionId: params.sessionId, fileOffset: await sessionOffset(send, params.sessionId) }),
});
