import { FileResult, sniffMimeType, type FileSource } from '../shared/catalog/support/files';
import { ValidationError } from '../shared/graph/errors';
import { toTransportError } from '../shared/graph/transport';
import type { MessageUtil, NodeMessage } from './red';

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

/**
 * Files from the message: the msg property the form names (`payload`, `payload.file`) as a Buffer
 * (type from msg.mimeType or the file's first bytes, name from msg.filename), or an object
 * `{data: Buffer, mimeType, filename}`.
 */
export function msgFiles(msg: NodeMessage, util: MessageUtil): FileSource {
	return {
		async read(property) {
			const value = util.getMessageProperty(msg, property);
			const object = (value && !isBytes(value) && typeof value === 'object' ? value : {}) as { data?: unknown; mimeType?: unknown; filename?: unknown };
			const data = isBytes(value) ? value : object.data;
			if (!isBytes(data)) {
				throw new ValidationError('Input Binary Field (fileProperty)', `msg.${property} must be a Buffer (or {data: Buffer, mimeType}), got ${value === undefined ? 'nothing' : typeof value}`);
			}
			const declared = (object.mimeType ?? msg.mimeType) as string | undefined;
			const mimeType = declared ?? sniffMimeType(data);
			if (!mimeType) throw new ValidationError('Input Binary Field (fileProperty)', 'the file\'s type is unknown: set msg.mimeType, e.g. image/jpeg');
			const fileName = (object.filename ?? msg.filename) as string | undefined;
			return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mimeType, ...(fileName ? { fileName } : {}) };
		},
		// Node's own fetch with no Authorization header: the Graph token never goes to the file's host.
		async download(url) {
			try {
				const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
				const headers: Record<string, string> = {};
				response.headers.forEach((value, name) => (headers[name] = value));
				return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
			} catch (error) {
				throw toTransportError(error);
			}
		},
	};
}

/** How long a file download from a URL may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Puts an operation's output on the message: a file as a Buffer (details in msg.media), else the payload. */
export function applyOutput(msg: NodeMessage, output: unknown, outputProperty: string, util: MessageUtil) {
	if (output instanceof FileResult) {
		util.setMessageProperty(msg, outputProperty, Buffer.from(output.file.data.buffer, output.file.data.byteOffset, output.file.data.byteLength), true);
		msg.media = output.json;
		msg.mimeType = output.file.mimeType;
		msg.filename = output.file.fileName;
		if (outputProperty !== 'payload') msg.payload = output.json;
		return;
	}
	msg.payload = output;
}

/** A short status line of what happened: "sent wamid.…", "read", "downloaded 12 KB". */
export function statusText(operation: string, output: unknown): string {
	if (output instanceof FileResult) return `downloaded ${Math.ceil(output.file.data.length / 1000)} KB`;
	const result = (output ?? {}) as { messageId?: string; id?: string; success?: boolean };
	if (operation === 'markRead') return 'marked as read';
	if (result.messageId) return `sent ${result.messageId.slice(0, 14)}…`;
	if (operation === 'upload' && result.id) return `uploaded ${result.id}`;
	return 'done';
}
