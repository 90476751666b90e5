import { createHmac, randomBytes } from 'node:crypto';
import { GraphError, invalidParameter } from './graphError';

/**
 * The Resumable Upload API as the emulator keeps it (Meta's "Upload a file" page): sessions on
 * the app, the bytes received so far, and the handles issued for complete files. Meta is silent
 * on a handle's lifetime and on session lifetimes: handles here carry `:e:<UNIX seconds>:` as
 * Meta's example handles do, set 30 days ahead (the emulator's choice); sessions last until reset.
 */

/** The types Meta's page lists for `file_type`. */
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];
const HANDLE_LIFETIME_MS = 30 * 24 * 3600_000;

export interface UploadSession {
	id: string;
	appId: string;
	fileName: string;
	fileLength: number;
	fileType: string;
	received: Buffer;
}

export interface IssuedHandle {
	handle: string;
	mimeType: string;
	bytes: Buffer;
	expiresAt: number;
}

/** What the first bytes say a file is, written apart from the package's own sniffing. */
function typeOfBytes(bytes: Buffer): string | undefined {
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
	if (bytes.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
	if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
	if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') return 'video/mp4';
	return undefined;
}

export class UploadStore {
	readonly sessions = new Map<string, UploadSession>();
	readonly handles = new Map<string, IssuedHandle>();
	/** Scripted: the next upload POST keeps this many bytes, then the connection drops. */
	interruptAfter?: number;

	constructor(private readonly secret: string) {}

	reset() {
		this.sessions.clear();
		this.handles.clear();
		this.interruptAfter = undefined;
	}

	/** `upload:<id>?sig=<signature>`, the form Meta's session IDs take; the signature is checked on use. */
	open(appId: string, fileName: string, fileLength: number, fileType: string): string {
		const id = randomBytes(18).toString('base64url');
		this.sessions.set(id, { id, appId, fileName, fileLength, fileType, received: Buffer.alloc(0) });
		return `upload:${id}?sig=${this.sign(id)}`;
	}

	/** The session of `upload:<id>` with its signature. */
	session(id: string, sig: string | undefined): UploadSession {
		const session = this.sessions.get(id);
		if (!session || sig !== this.sign(id)) throw new GraphError(100, 'Invalid parameter', `Upload session upload:${id} does not exist or its signature (sig) is wrong.`);
		return session;
	}

	/** Appends a chunk at `offset`; returns the handle once the file is complete. */
	receive(session: UploadSession, offset: number, chunk: Buffer, now: number): IssuedHandle | undefined {
		if (offset !== session.received.length) {
			throw invalidParameter(`file_offset ${offset} does not match the ${session.received.length} bytes received so far: read the offset with GET on the session and resume from it.`);
		}
		if (offset + chunk.length > session.fileLength) throw invalidParameter(`The upload has ${offset + chunk.length} bytes, more than the file_length ${session.fileLength} of the session.`);
		session.received = Buffer.concat([session.received, chunk]);
		if (session.received.length < session.fileLength) return undefined;
		const declared = session.fileType === 'image/jpg' ? 'image/jpeg' : session.fileType;
		const actual = typeOfBytes(session.received);
		if (actual !== declared) throw invalidParameter(`The file is not of its file_type ${session.fileType} (its bytes are ${actual ?? 'of an unknown type'}).`);
		const expiresAt = now + HANDLE_LIFETIME_MS;
		const handle = `4::${Buffer.from(declared).toString('base64')}:${randomBytes(24).toString('base64url')}:e:${Math.floor(expiresAt / 1000)}:${session.appId}:${randomBytes(8).toString('base64url')}`;
		const issued = { handle, mimeType: declared, bytes: session.received, expiresAt };
		this.handles.set(handle, issued);
		this.sessions.delete(session.id);
		return issued;
	}

	private sign(id: string) {
		return createHmac('sha256', this.secret).update(id).digest('base64url').slice(0, 22);
	}
}

/**
 * Checks a handle where it is used (a header sample, a profile picture): one the emulator issued
 * must be alive and of a type that use takes. Handles it did not issue (the seeded templates', or a
 * real Meta handle pasted in) are taken as they are: the emulator cannot know them.
 */
export function checkIssuedHandle(store: UploadStore, handle: unknown, now: number, accepts: string[], what: string) {
	if (typeof handle !== 'string' || !handle) throw invalidParameter(`${what} must be an upload handle.`);
	const issued = store.handles.get(handle);
	if (!issued) return;
	if (issued.expiresAt <= now) throw new GraphError(100, 'Invalid parameter', `The upload handle of ${what} expired at ${new Date(issued.expiresAt).toISOString()}.`, 400, 'OAuthException', 2388273);
	if (!accepts.includes(issued.mimeType)) throw invalidParameter(`${what} takes ${accepts.join(' or ')}; the uploaded file is ${issued.mimeType}.`);
}
