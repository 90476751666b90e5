import { z } from 'zod';
import type { GraphRequest } from '../../graph/client';
import { ValidationError } from '../../graph/errors';
import type { RunContext } from '../../run/context';
import { fmt } from '../../validation/rules';
import { fileFromUrl, type FileData } from './files';
import { uploadFile } from './resumableUpload';

/**
 * What a Resumable Upload is for, and what each use takes: the types the Resumable Upload API
 * accepts (Meta's "Upload a file" page: pdf, jpeg, png, mp4), narrowed to the header's kind, with
 * the size cap of that kind of media (Meta's Media page; decimal units, as the media uploads count).
 */
export const UPLOAD_USES = {
	IMAGE: { what: 'an image header', mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5_000_000 },
	VIDEO: { what: 'a video header', mimeTypes: ['video/mp4'], maxBytes: 16_000_000 },
	DOCUMENT: { what: 'a document header', mimeTypes: ['application/pdf'], maxBytes: 100_000_000 },
	PROFILE_PICTURE: { what: 'a profile picture', mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5_000_000 },
} as const;

export type UploadUse = keyof typeof UPLOAD_USES;

/** Where an upload's file comes from: a handle uploaded before, a public URL, or the flow's own data. */
export type MediaSource = 'handle' | 'url' | 'file';

type Send = (request: GraphRequest, pacing?: { kind: 'none' }) => Promise<unknown>;

/** `image/jpg` is how some servers name JPEG; Meta lists both. */
const normalise = (mimeType: string) => {
	const base = mimeType.split(';')[0].trim().toLowerCase();
	return base === 'image/jpg' ? 'image/jpeg' : base;
};

/** Refuses a file its use does not take, before any request: the error names the field, the type or size, and the limit. */
export function checkUpload(field: string, file: FileData, use: UploadUse): FileData {
	const rule = UPLOAD_USES[use];
	const mimeType = normalise(file.mimeType);
	if (!(rule.mimeTypes as readonly string[]).includes(mimeType)) {
		throw new ValidationError(field, `the file's type ${mimeType || '(unknown)'} is not accepted for ${rule.what}; allowed: ${rule.mimeTypes.join(', ')}`);
	}
	if (file.data.length === 0) throw new ValidationError(field, 'the file is empty');
	if (file.data.length > rule.maxBytes) {
		throw new ValidationError(field, `the file has ${fmt(file.data.length)} bytes; ${rule.what} may have at most ${fmt(rule.maxBytes)} bytes`);
	}
	return { ...file, mimeType };
}

/** The file of an upload, from the flow (binary property, msg property) or a public URL, checked for its use. */
export async function readUpload(context: RunContext, field: string, source: 'url' | 'file', reference: string, use: UploadUse): Promise<FileData> {
	if (!context.files) throw new ValidationError(field, 'this host cannot read files');
	const file = source === 'url' ? await fileFromUrl(context.files, field, reference, UPLOAD_USES[use].maxBytes) : await context.files.read(reference);
	return checkUpload(field, file, use);
}

/** The account's App ID, which a Resumable Upload session is opened on. */
export function appIdOf(context: RunContext, why: string): string {
	const appId = context.account.appId?.trim();
	if (!appId) throw new ValidationError('App ID (appId)', `is empty: set the Meta app's ID in the credential to ${why} (App Dashboard > App settings > Basic)`);
	if (!/^\d{1,32}$/.test(appId)) throw new ValidationError('App ID (appId)', 'must be a numeric ID');
	return appId;
}

/**
 * The handle for a header sample or a profile picture: the one given, or a file uploaded first
 * through the Resumable Upload API (from a URL or the flow).
 */
export async function handleFor(context: RunContext, send: Send, field: string, source: MediaSource, reference: string, use: UploadUse): Promise<string> {
	if (source === 'handle') return reference;
	const file = await readUpload(context, field, source, reference, use);
	return (await uploadFile(send, file, { appId: appIdOf(context, `upload ${UPLOAD_USES[use].what}`) })).handle;
}

/**
 * A handle of the Resumable Upload API. Meta's handles carry their expiry as `:e:<UNIX seconds>:`
 * (the examples on Meta's "Upload a file" and template pages); one past it is refused before the
 * request that would use it.
 */
export const uploadHandle = z
	.string({ invalid_type_error: 'must be a handle' })
	.trim()
	.refine((value) => /^\S{3,}$/.test(value), { message: 'must be a Resumable Upload handle such as 4::aW1hZ2UvanBlZw==:ARb…' });

/** When a handle expires (UNIX ms), when it says. */
export function handleExpiry(handle: string): number | undefined {
	const seconds = /:e:(\d{9,11}):/.exec(handle)?.[1];
	return seconds ? Number(seconds) * 1000 : undefined;
}

/** Refuses a handle that expired before `now`, naming the field and when it expired. */
export function checkHandle(field: string, handle: string | undefined, now: number) {
	const expiry = handle ? handleExpiry(handle) : undefined;
	if (expiry !== undefined && expiry <= now) {
		throw new ValidationError(field, `the handle expired at ${new Date(expiry).toISOString()}: upload the file again (Upload > Upload File) for a new handle`);
	}
}
