import type { GraphRequest } from '../../../graph/client';
import { ValidationError } from '../../../graph/errors';
import type { RunContext } from '../../../run/context';
import { baseMimeType, checkFile, type MediaKind } from './kinds';

type Send = (request: GraphRequest, pacing?: { kind: 'none' }) => Promise<unknown>;

const part = (name: string, value: string | Uint8Array) => ({ name, value });

/**
 * Reads one of the flow's files, checks it against the kind's limits, and uploads it
 * (POST /{phone-number-id}/media, multipart). Returns the media id and what was uploaded.
 */
export async function uploadFromFlow(context: RunContext, send: Send, phoneNumberId: string, field: string, reference: string, kind?: MediaKind) {
	if (!context.files) throw new ValidationError(field, 'this host cannot read files from the flow');
	const file = await context.files.read(reference);
	const foundKind = checkFile(field, file, kind);
	const mimeType = baseMimeType(file.mimeType);
	// An upload is not a message: it does not count against the message rate limits.
	const data = (await send({
		method: 'POST',
		path: `${phoneNumberId}/media`,
		multipart: [part('messaging_product', 'whatsapp'), part('type', mimeType), { ...part('file', file.data), filename: file.fileName ?? `upload.${foundKind}`, contentType: mimeType }],
	}, { kind: 'none' })) as { id: string };
	return { id: data.id, file, kind: foundKind };
}
