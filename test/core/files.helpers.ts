import type { FileData, FileSource } from '../../nodes/shared/catalog/support/files';
import { ValidationError } from '../../nodes/shared/graph/errors';

/** A JPEG's first bytes and some body: what an image header sample looks like to a sniffer. */
export const jpeg = (bytes = 3000): Uint8Array => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: bytes - 4 }, (_, i) => i % 251)]);

/** A PDF's first bytes and some body. */
export const pdf = (bytes = 2000): Uint8Array => new Uint8Array([...Buffer.from('%PDF-1.7\n'), ...Array.from({ length: bytes - 9 }, (_, i) => 32 + (i % 90))]);

/**
 * The flow's files and the files behind URLs, as a host hands them to the core: by reference
 * (binary property, msg property) and by URL (fetched without the account's token).
 */
export function filesOf(files: Record<string, FileData>, urls: Record<string, { status?: number; contentType?: string; body: Uint8Array }> = {}): FileSource & { fetched: string[] } {
	const fetched: string[] = [];
	return {
		fetched,
		async read(reference) {
			const file = files[reference];
			if (!file) throw new ValidationError('Input Binary Field (fileProperty)', `no file "${reference}"`);
			return file;
		},
		async download(url) {
			fetched.push(url);
			const found = urls[url];
			if (!found) return { status: 404, headers: {}, body: new Uint8Array() };
			const headers: Record<string, string> = found.contentType ? { 'content-type': found.contentType } : {};
			return { status: found.status ?? 200, headers, body: found.body };
		},
	};
}
