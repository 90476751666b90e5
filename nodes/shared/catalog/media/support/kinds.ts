import { ValidationError } from '../../../graph/errors';
import { fmt } from '../../../validation/rules';
import type { FileData } from '../../support/files';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/**
 * Types and size caps Meta accepts per kind (Meta's Media page). Sizes in decimal bytes,
 * as whatsapp-api-js checks them; stickers take the animated cap (static ones are 100 KB).
 */
const MEDIA_KINDS: Record<MediaKind, { maxBytes: number; mimeTypes: string[] }> = {
	image: { maxBytes: 5_000_000, mimeTypes: ['image/jpeg', 'image/png'] },
	video: { maxBytes: 16_000_000, mimeTypes: ['video/mp4', 'video/3gpp'] },
	audio: { maxBytes: 16_000_000, mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
	document: {
		maxBytes: 100_000_000,
		mimeTypes: [
			'text/plain',
			'application/pdf',
			'application/vnd.ms-excel',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'application/msword',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.ms-powerpoint',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		],
	},
	sticker: { maxBytes: 500_000, mimeTypes: ['image/webp'] },
};

/** `image/jpeg; charset=…` → `image/jpeg`. */
export const baseMimeType = (mimeType: string) => mimeType.split(';')[0].trim().toLowerCase();

/** The kind a MIME type belongs to; image/webp is a sticker. */
function kindOf(mimeType: string): MediaKind | undefined {
	const base = baseMimeType(mimeType);
	return (Object.keys(MEDIA_KINDS) as MediaKind[]).find((kind) => MEDIA_KINDS[kind].mimeTypes.includes(base));
}

/**
 * Refuses a file the platform would refuse, before uploading it: the error names the field, the
 * file's type or size and the limit. Without a kind, any supported type is accepted.
 */
export function checkFile(field: string, file: FileData, kind?: MediaKind): MediaKind {
	const base = baseMimeType(file.mimeType);
	const found = kind ?? kindOf(base);
	if (!found || !MEDIA_KINDS[found].mimeTypes.includes(base)) {
		const allowed = kind ? MEDIA_KINDS[kind].mimeTypes : Object.values(MEDIA_KINDS).flatMap((k) => k.mimeTypes);
		throw new ValidationError(field, `the file's type ${base || '(unknown)'} is not accepted${kind ? ` for ${kind}` : ''}; allowed: ${allowed.join(', ')}`);
	}
	const { maxBytes, what } = capOf(found, file.data);
	if (file.data.length === 0) throw new ValidationError(field, 'the file is empty');
	if (file.data.length > maxBytes) {
		throw new ValidationError(field, `the file has ${fmt(file.data.length)} bytes; ${what} files may have at most ${fmt(maxBytes)} bytes`);
	}
	return found;
}

/** Stickers: an animated WebP (with an ANIM chunk) may have 500 KB, a static one 100 KB. */
function capOf(kind: MediaKind, data: Uint8Array) {
	if (kind !== 'sticker') return { maxBytes: MEDIA_KINDS[kind].maxBytes, what: kind };
	const head = new TextDecoder('latin1').decode(data.subarray(0, 4096));
	return head.includes('ANIM') ? { maxBytes: 500_000, what: 'animated sticker' } : { maxBytes: 100_000, what: 'static sticker' };
}
