import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { inboundMedia } from '../shared/account/media';
import type { OpenedAccount } from '../shared/account/open';
import type { WebhookEvent } from '../shared/webhook';

/**
 * Items for the events; with `download`, each inbound media file goes into the item's binary
 * `data` (media URLs expire after minutes, so later nodes could not fetch them), or its failure
 * into `mediaError`.
 */
export async function toItems(context: IWebhookFunctions, opened: OpenedAccount, events: WebhookEvent[], download: boolean): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = [];
	for (const event of events) {
		const item: INodeExecutionData = { json: event as unknown as IDataObject };
		const { file, mediaError } = download ? await inboundMedia(opened, event) : {};
		if (file) item.binary = { data: await context.helpers.prepareBinaryData(Buffer.from(file.data), file.fileName, file.mimeType) };
		if (mediaError) item.json = { ...item.json, mediaError };
		items.push(item);
	}
	return items;
}
