import { createHash, createHmac, randomBytes } from 'node:crypto';
import { GraphError, invalidParameter, invalidToken, unknownObject } from '../graphError';
import { parseMultipart } from '../multipart';
import { RawReply } from '../rawReply';
import { NEXT_ROUTE, type ParsedRequest } from '../routing';
import type { GraphEmulator } from '../server';
import type { StoredMedia } from '../state';

const KB = 1000;
const MB = 1000 * KB;
const MINUTE = 60_000;
/** Uploaded media live 30 days; their download URLs 5 minutes (Meta's Media page). */
const MEDIA_LIFETIME = 30 * 24 * 60 * MINUTE;
const URL_LIFETIME = 5 * MINUTE;

/** MIME allow-list and size cap per kind (Meta's Media page; decimal units, as whatsapp-api-js checks). */
const KINDS: Array<{ kind: string; max: number; types: string[] }> = [
	{ kind: 'audio', max: 16 * MB, types: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
	{
		kind: 'document',
		max: 100 * MB,
		types: [
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
	{ kind: 'image', max: 5 * MB, types: ['image/jpeg', 'image/png'] },
	{ kind: 'sticker', max: 500 * KB, types: ['image/webp'] },
	{ kind: 'video', max: 16 * MB, types: ['video/mp4', 'video/3gpp'] },
];

const uploadError = (details: string) => new GraphError(131053, 'Media upload error', details);

/** A static WebP sticker may have 100 KB, an animated one (an ANIM chunk) 500 KB. */
function capFor(kind: (typeof KINDS)[number], bytes: Buffer) {
	if (kind.kind !== 'sticker') return { max: kind.max, what: kind.kind };
	const animated = bytes.subarray(0, 4096).includes('ANIM');
	return animated ? { max: 500 * KB, what: 'animated sticker' } : { max: 100 * KB, what: 'static sticker' };
}

/** POST /{phone-number-id}/media: multipart fields messaging_product, file and optional type. */
function upload(emulator: GraphEmulator, phoneNumberId: string, req: ParsedRequest) {
	const parts = parseMultipart(req.headers['content-type'], req.raw);
	if (!parts) throw invalidParameter('Param file must be sent as multipart/form-data.');
	const field = (name: string) =>
		parts.find((p) => p.name === name && p.filename === undefined)?.data.toString('utf8');
	const product = field('messaging_product');
	if (product === undefined) throw new GraphError(100, 'The parameter messaging_product is required.');
	if (product !== 'whatsapp') throw invalidParameter('Param messaging_product must be "whatsapp".');
	const file = parts.find((p) => p.name === 'file');
	if (!file || file.filename === undefined) throw new GraphError(100, 'The parameter file is required.');
	const declared = field('type')?.trim().toLowerCase();
	const sent =
		file.contentType && file.contentType !== 'application/octet-stream' ? file.contentType : undefined;
	if (declared && sent && declared !== sent)
		throw invalidParameter(`Param type (${declared}) does not match the file's Content-Type (${sent}).`);
	const mimeType = declared ?? sent;
	const kind = KINDS.find((k) => mimeType && k.types.includes(mimeType));
	if (!kind) {
		throw uploadError(
			`Param file must be a file with one of the following types: ${KINDS.flatMap((k) => k.types).join(', ')}. Received file of type '${mimeType ?? 'unknown'}'.`,
		);
	}
	if (file.data.length === 0) throw uploadError('Param file must not be empty.');
	const cap = capFor(kind, file.data);
	if (file.data.length > cap.max) {
		throw uploadError(
			`Param file must be at most ${cap.max / KB} KB (${cap.max} bytes) for a ${cap.what} (got ${file.data.length} bytes).`,
		);
	}
	const id = String(1_000_000_000_000_000n + BigInt('0x' + randomBytes(6).toString('hex')));
	emulator.state.media.set(id, {
		id,
		phoneNumberId,
		mimeType: mimeType!,
		bytes: Buffer.from(file.data),
		sha256: createHash('sha256').update(file.data).digest('hex'),
		uploadedAt: emulator.clock.now(),
	});
	return { id };
}

/** The media with this id, if it is one (and alive, and uploaded by `phone_number_id` when given). */
function find(emulator: GraphEmulator, id: string, req: ParsedRequest): StoredMedia | undefined {
	const media = emulator.state.media.get(id);
	if (!media) return undefined;
	if (emulator.clock.now() - media.uploadedAt > MEDIA_LIFETIME) throw unknownObject(id);
	const restrict = req.query.phone_number_id;
	if (restrict !== undefined) {
		emulator.phoneNumber(restrict);
		if (restrict !== media.phoneNumberId) throw unknownObject(id);
	}
	return media;
}

/** The URL's signature, so a URL cannot be forged or have its issue time moved. */
const sign = (emulator: GraphEmulator, id: string, issuedAt: string) =>
	createHmac('sha256', emulator.options.appSecret).update(`${id}:${issuedAt}`).digest('hex').slice(0, 32);

function describe(emulator: GraphEmulator, media: StoredMedia, req: ParsedRequest) {
	const issuedAt = String(emulator.clock.now());
	const query = new URLSearchParams({
		mid: media.id,
		ext: issuedAt,
		hash: sign(emulator, media.id, issuedAt),
	});
	return {
		messaging_product: 'whatsapp',
		url: `http://${req.headers.host}/whatsapp_business/attachments/?${query}`,
		mime_type: media.mimeType,
		sha256: media.sha256,
		file_size: media.bytes.length,
		id: media.id,
	};
}

/** GET <url>: needs the same Bearer token; 404 once the URL is 5 minutes old or the media gone. */
function download(emulator: GraphEmulator, req: ParsedRequest) {
	if (req.headers.authorization !== `Bearer ${emulator.options.token}`) throw invalidToken();
	const { mid = '', ext = '', hash = '' } = req.query;
	const gone = new GraphError(
		100,
		'Media not found',
		'The media URL is unknown or has expired; get a new URL from GET /{media-id}.',
		404,
	);
	const media = emulator.state.media.get(mid);
	if (!media || hash !== sign(emulator, mid, ext)) throw gone;
	if (emulator.clock.now() - Number(ext) > URL_LIFETIME) throw gone;
	return new RawReply(media.bytes, {
		'content-type': media.mimeType,
		'content-length': String(media.bytes.length),
	});
}

export function registerMedia(emulator: GraphEmulator) {
	emulator.route('POST', /^\/(\d+)\/media$/, ([, id], req) => {
		emulator.phoneNumber(id);
		return upload(emulator, id, req);
	});
	emulator.route('GET', /^\/(\d+)$/, ([, id], req) => {
		const media = find(emulator, id, req);
		return media ? describe(emulator, media, req) : NEXT_ROUTE;
	});
	emulator.route('DELETE', /^\/(\d+)$/, ([, id], req) => {
		if (!find(emulator, id, req)) return NEXT_ROUTE;
		emulator.state.media.delete(id);
		return { success: true };
	});
	// Outside the versioned API, as Meta serves downloads from lookaside.fbsbx.com.
	emulator.controlRoute('GET', /^\/whatsapp_business\/attachments\/?$/, (_match, req) =>
		download(emulator, req),
	);
}
