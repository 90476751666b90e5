import { invalidParameter, unknownObject } from '../graphError';
import { DroppedConnection } from '../rawReply';
import type { ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import { UPLOAD_TYPES } from '../uploads';

/**
 * The Resumable Upload API (Meta's "Upload a file" page): POST /{app-id}/uploads opens a session,
 * POST /upload:<session> takes the bytes from the `file_offset` header's offset ("will not work as a
 * query parameter"), GET /upload:<session> says how many arrived.
 */
export function registerUploads(emulator: GraphEmulator) {
	const { uploads } = emulator.state;

	emulator.route('POST', /^\/(\d+)\/uploads$/, ([, appId], req) => {
		if (appId !== emulator.state.appId) throw unknownObject(appId);
		const { file_name: fileName = '', file_length: length, file_type: fileType } = req.query;
		const fileLength = Number(length);
		if (!Number.isInteger(fileLength) || fileLength < 1) throw invalidParameter('Param file_length must be the file\'s size in bytes, a positive integer.');
		if (!UPLOAD_TYPES.includes(fileType ?? '')) throw invalidParameter(`Param file_type must be one of {${UPLOAD_TYPES.join(', ')}}, got ${fileType ?? 'nothing'}.`);
		return { id: uploads.open(appId, fileName, fileLength, fileType!) };
	});

	emulator.route('POST', /^\/upload:([^/]+)$/, ([, id], req) => {
		const session = uploads.session(id, req.query.sig);
		const offset = offsetOf(req);
		const cut = uploads.interruptAfter;
		if (cut !== undefined) {
			uploads.interruptAfter = undefined;
			uploads.receive(session, offset, req.raw.subarray(0, Math.min(cut, req.raw.length)), emulator.clock.now());
			return new DroppedConnection();
		}
		const issued = uploads.receive(session, offset, req.raw, emulator.clock.now());
		return issued ? { h: issued.handle } : { id: `upload:${id}`, file_offset: session.received.length };
	});

	emulator.route('GET', /^\/upload:([^/]+)$/, ([, id], req) => {
		const session = uploads.session(id, req.query.sig);
		return { id: `upload:${id}`, file_offset: session.received.length };
	});

	// Scripted interruption for tests: the next upload keeps `afterBytes` bytes, then the connection drops.
	emulator.controlRoute('POST', /^\/__emulator\/uploads\/interrupt$/, (_match, req) => {
		const afterBytes = Number((req.body as { afterBytes?: unknown } | undefined)?.afterBytes);
		if (!Number.isInteger(afterBytes) || afterBytes < 0) throw invalidParameter('Param afterBytes must be a number of bytes >= 0.');
		uploads.interruptAfter = afterBytes;
		return { success: true };
	});
}

/** `file_offset` from its header; the query parameter does not count, as on Meta's page. */
function offsetOf(req: ParsedRequest): number {
	const header = req.headers.file_offset;
	if (header === undefined) {
		const hint = req.query.file_offset !== undefined ? ' (as a header: it does not work as a query parameter)' : '';
		throw invalidParameter(`The file_offset header is required${hint}.`);
	}
	const offset = Number(header);
	if (!Number.isInteger(offset) || offset < 0) throw invalidParameter(`The file_offset header must be a byte offset >= 0, got ${String(header)}.`);
	return offset;
}
