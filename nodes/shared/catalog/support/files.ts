import { ValidationError } from '../../graph/errors';
import type { HttpResponse } from '../../graph/transport';

/** A file as the core sees it, whichever host it came from (n8n binary data, a Node-RED Buffer). */
export interface FileData {
	data: Uint8Array;
	mimeType: string;
	fileName?: string;
}

/**
 * How the core reads the flow's own files: the host resolves a reference (n8n binary property
 * name, Node-RED msg property) of the item being processed.
 */
export interface FileSource {
	read(reference: string): Promise<FileData>;
	/**
	 * The answer for a public http(s) URL, fetched by the host without the account's token (the
	 * token is for Graph, never for another host). Both hosts fetch; a source without it reads only the flow's files.
	 */
	download?(url: string): Promise<HttpResponse>;
}

/** An operation result that carries a file: hosts put `file` into binary data or a Buffer. */
export class FileResult {
	constructor(
		readonly json: Record<string, unknown>,
		readonly file: FileData,
	) {}
}

/** Guesses a MIME type from the first bytes, for files that arrive without one (Node-RED Buffers). */
export function sniffMimeType(data: Uint8Array): string | undefined {
	const ascii = (start: number, end: number) => String.fromCharCode(...data.subarray(start, end));
	if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
	if (ascii(1, 4) === 'PNG') return 'image/png';
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
	if (ascii(0, 5) === '%PDF-') return 'application/pdf';
	if (ascii(0, 4) === 'OggS') return 'audio/ogg';
	if (ascii(0, 3) === 'ID3' || (data[0] === 0xff && (data[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
	if (ascii(4, 8) === 'ftyp') return ascii(8, 11) === '3gp' ? 'video/3gpp' : 'video/mp4';
	return undefined;
}

/**
 * A file fetched from a public URL for `field`: a 2xx answer within the size cap, its type from
 * Content-Type or, when that says nothing, from the first bytes.
 */
export async function fileFromUrl(files: FileSource, field: string, url: string, maxBytes: number): Promise<FileData> {
	if (!files.download) throw new ValidationError(field, 'this host cannot fetch files from a URL');
	const answer = await files.download(url);
	if (answer.status < 200 || answer.status >= 300) throw new ValidationError(field, `${url} could not be fetched: HTTP ${answer.status}`);
	if (answer.body.length > maxBytes) {
		throw new ValidationError(field, `the file at ${url} has ${answer.body.length.toLocaleString('en-US')} bytes; at most ${maxBytes.toLocaleString('en-US')} are allowed here`);
	}
	const declared = (answer.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const mimeType = declared && declared !== 'application/octet-stream' ? declared : sniffMimeType(answer.body);
	if (!mimeType) throw new ValidationError(field, `the file at ${url} has no type: its server sent no Content-Type and its first bytes name none`);
	const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
	return { data: answer.body, mimeType, ...(fileName ? { fileName } : {}) };
}
