/** One part of a multipart/form-data body. */
export interface FormPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

/**
 * A small multipart/form-data parser (RFC 7578), enough for Graph's media upload: parts split on
 * the boundary, each with Content-Disposition name/filename and an optional Content-Type.
 * Returns undefined when the body is not multipart or is malformed.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): FormPart[] | undefined {
	const match = /^multipart\/form-data\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	if (!match) return undefined;
	const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
	const parts: FormPart[] = [];
	let start = body.indexOf(delimiter);
	if (start < 0) return undefined;
	while (true) {
		start += delimiter.length;
		if (body.subarray(start, start + 2).toString() === '--') return parts; // closing delimiter
		const next = body.indexOf(delimiter, start);
		if (next < 0) return undefined;
		// Between delimiters: CRLF, headers, CRLF CRLF, data, CRLF.
		const chunk = body.subarray(start + 2, next - 2);
		const split = chunk.indexOf('\r\n\r\n');
		if (split < 0) return undefined;
		const headers = chunk.subarray(0, split).toString('utf8');
		const disposition = /content-disposition:\s*form-data([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		parts.push({
			name,
			filename: /;\s*filename="([^"]*)"/i.exec(disposition)?.[1],
			contentType: /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1].trim().toLowerCase(),
			data: chunk.subarray(split + 4),
		});
		start = next;
	}
}
