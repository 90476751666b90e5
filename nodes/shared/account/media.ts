import { downloadMedia } from '../catalog/media/download';
import { FileResult, type FileData } from '../catalog/support/files';
import { runOperation } from '../run';
import { redact } from '../secrets';
import type { WebhookEvent } from '../webhook/event';
import type { OpenedAccount } from './open';

/**
 * The media file of an inbound message, downloaded on the run path (paced, retried within the Max
 * Wait) while its URL is valid (minutes). A failed download keeps the event, with `mediaError`
 * (no secret in it), rather than losing the message. Nothing for events without media.
 */
export async function inboundMedia(opened: OpenedAccount, event: Pick<WebhookEvent, 'kind' | 'mediaId' | 'phoneNumberId'>): Promise<{ file?: FileData; mediaError?: string }> {
	if (event.kind !== 'message' || !event.mediaId) return {};
	try {
		const { client, account, pacer } = opened;
		const values = { mediaId: event.mediaId, phoneNumberId: event.phoneNumberId, outputProperty: 'data' };
		const result = await runOperation(downloadMedia, values, { client, account, pacer });
		return result instanceof FileResult ? { file: result.file } : {};
	} catch (error) {
		return { mediaError: redact((error as Error).message, opened.secrets) };
	}
}
