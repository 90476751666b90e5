import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { downloadMedia } from '../shared/catalog/media/download';
import { FileResult } from '../shared/catalog/support/files';
import { secretValues, type AccountSettings } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { runOperation } from '../shared/run';
import { redact } from '../shared/secrets';
import type { WebhookEvent } from '../shared/webhook';
import { n8nTransport } from '../WhatsAppPlatform/transport';

/**
 * Items for the events; with `download`, each inbound media file goes into the item's binary
 * `data` (media URLs expire after minutes, so later nodes could not fetch them). A failed
 * download keeps the item, with `mediaError`, rather than losing the message.
 */
export async function toItems(context: IWebhookFunctions, account: AccountSettings, events: WebhookEvent[], download: boolean): Promise<INodeExecutionData[]> {
	const client = download ? new GraphClient({ transport: n8nTransport(context), baseUrl: account.baseUrl, apiVersion: account.apiVersion }) : undefined;
	const items: INodeExecutionData[] = [];
	for (const event of events) {
		const item: INodeExecutionData = { json: event as unknown as IDataObject };
		if (client && event.kind === 'message' && event.mediaId) {
			try {
				const result = await runOperation(downloadMedia, { mediaId: event.mediaId, phoneNumberId: event.phoneNumberId, outputProperty: 'data' }, { client, account });
				if (result instanceof FileResult) {
					const { data, fileName, mimeType } = result.file;
					item.binary = { data: await context.helpers.prepareBinaryData(Buffer.from(data), fileName, mimeType) };
				}
			} catch (error) {
				item.json = { ...item.json, mediaError: redact((error as Error).message, secretValues(account)) };
			}
		}
		items.push(item);
	}
	return items;
}
