import type { GraphRequest } from '../../graph/client';
import { UnexpectedResponseError } from '../../graph/errors';
import { TransportError } from '../../graph/transport';
import type { FileData } from './files';

/**
 * Meta's Resumable Upload API (Graph API guide "Upload a file"): a session opened on the app, the
 * file's bytes POSTed from an offset given in the `file_offset` header, and after an interruption
 * the offset read back (GET on the session) and the rest POSTed. The answer is a handle for
 * `header_handle` (template samples) or `profile_picture_handle`. None of these calls is on
 * Meta's list of WABA calls: they count against no budget.
 */

type Send = (request: GraphRequest, pacing?: { kind: 'none' }) => Promise<unknown>;

const NOT_COUNTED = { kind: 'none' } as const;
/** Interruptions an upload survives before it gives up. */
const MAX_RESUMES = 3;

export interface UploadResult {
	handle: string;
	sessionId: string;
	/** Times the upload was interrupted and resumed from the offset Meta had. */
	resumed: number;
}

/** POST /{app-id}/uploads?file_name&file_length&file_type: `{id: "upload:…"}` (kept verbatim, `?sig=` and all). */
export async function startSession(send: Send, appId: string, file: FileData): Promise<string> {
	const query = { file_name: file.fileName ?? 'upload', file_length: file.data.length, file_type: file.mimeType };
	const { id } = (await send({ method: 'POST', path: `${appId}/uploads`, query }, NOT_COUNTED)) as { id?: string };
	if (typeof id !== 'string' || !id.startsWith('upload:')) throw new UnexpectedResponseError(200, `no upload session id in ${JSON.stringify({ id })}`);
	return id;
}

/** GET /upload:<session>: how many bytes Meta has received. */
export async function sessionOffset(send: Send, sessionId: string): Promise<number> {
	const { file_offset: offset } = (await send({ method: 'GET', path: sessionId }, NOT_COUNTED)) as { file_offset?: number | string };
	return Number(offset ?? 0);
}

/** POST /upload:<session> with `file_offset: <offset>` and the bytes from there on: `{h: <handle>}`. */
export async function sendBytes(send: Send, sessionId: string, file: FileData, offset: number): Promise<string> {
	const request: GraphRequest = {
		method: 'POST',
		path: sessionId,
		headers: { file_offset: String(offset) },
		raw: { data: file.data.subarray(offset), contentType: file.mimeType },
	};
	const { h } = (await send(request, NOT_COUNTED)) as { h?: string };
	if (typeof h !== 'string' || !h) throw new UnexpectedResponseError(200, `no file handle in ${JSON.stringify({ h })}`);
	return h;
}

/**
 * Uploads a whole file into a new session on the app, or into a session started before (from
 * the offset Meta already has); a connection that breaks mid-way is resumed from the offset read
 * back, up to three times.
 */
export async function uploadFile(send: Send, file: FileData, into: { appId: string } | { sessionId: string }): Promise<UploadResult> {
	const session = 'sessionId' in into ? into.sessionId : await startSession(send, into.appId, file);
	let offset = 'sessionId' in into ? await sessionOffset(send, session) : 0;
	for (let resumed = 0; ; resumed++) {
		try {
			return { handle: await sendBytes(send, session, file, offset), sessionId: session, resumed };
		} catch (error) {
			if (!(error instanceof TransportError) || resumed >= MAX_RESUMES) throw error;
			offset = await sessionOffset(send, session);
		}
	}
}
