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
