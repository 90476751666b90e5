import { ValidationError } from '../../graph/errors';
import type { RunContext } from '../../run';
import { baseMimeType, checkFile, type MediaKind } from './kinds';

/**
 * Reads one of the flow's files, checks it against the kind's limits, and uploads it
 * (POST /{phone-number-id}/media, multipart). Returns the media id and what was uploaded.
 */
export async function uploadFromFlow(context: RunContext, phoneNumberId: string, field: string, reference: string, kind?: MediaKind) {
	if (!context.files) throw new ValidationError(field, 'this host cannot read files from the flow');
	const file = await context.files.read(reference);
	const foundKind = checkFile(field, file, kind);
	const mimeType = baseMimeType(file.mimeType);
	const { data } = await context.client.request<{ id: string }>({
		method: 'POST',
		path: `${phoneNumberId}/media`,
		multipart: [
			{ name: 'messaging_product', value: 'whatsapp' },
			{ name: 'type', value: mimeType },
			{ name: 'file', value: file.data, filename: file.fileName ?? `upload.${foundKind}`, contentType: mimeType },
		],
	});
	return { id: data.id, file, kind: foundKind };
}
