import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { openN8nAccount } from '../n8n/account';
import { whatsAppPlatformApiTest } from '../n8n/credentialTest';
import { toNodeError } from '../n8n/errors';
import { findOperation } from '../shared/catalog';
import type { PacingInfo } from '../shared/pacing/pacer';
import { runOperation } from '../shared/run';
import { redactError } from '../shared/secrets';
import { properties } from './description';
import { readSendOnce } from './idempotency';
import { searchPhoneNumbers, searchTemplates } from './methods/listSearch';
import { getTemplateFields } from './methods/resourceMapping';
import { n8nFiles, readParameter, readParameters, toItems } from './parameters';
import { ITEM_CONCURRENCY, mapItems } from './pacing';
import { resumeWithAnswers, sendAndWait, WAIT_OUTPUTS } from './sendAndWait';

// Its webhook only resumes a waiting execution (restartWebhook, as n8n's Wait node): n8n never registers it, so there is no lifecycle to implement.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class WhatsAppPlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Platform',
		name: 'whatsAppPlatform',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send WhatsApp messages and manage a WhatsApp Business Account through the Cloud API, paced to its rate limits',
		defaults: { name: 'WhatsApp Platform' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Send and Wait for Reply with a time limit adds a Timed Out output.
		outputs: `={{ ${WAIT_OUTPUTS} }}`,
		credentials: [{ name: 'whatsAppPlatformApi', required: true, testedBy: 'whatsAppPlatformApiTest' }],
		// How a waiting execution is resumed with its answers (as n8n's Wait node is): never registered, only called at $execution.resumeUrl.
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '', restartWebhook: true }],
		properties,
	};

	methods = {
		credentialTest: { whatsAppPlatformApiTest },
		listSearch: { searchPhoneNumbers, searchTemplates },
		resourceMapping: { getTemplateFields },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return resumeWithAnswers(this, await openN8nAccount(this));
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const opened = await openN8nAccount(this);
		const waiting = findOperation(this.getNodeParameter('resource', 0) as string, this.getNodeParameter('operation', 0) as string);
		if (waiting?.waitsForReply) return sendAndWait(this, waiting, opened);

		// Items run concurrently: the pacer spaces the sends, so an execution reaches the full rate.
		const perItem = await mapItems(items.length, ITEM_CONCURRENCY, async (itemIndex): Promise<INodeExecutionData[]> => {
			try {
				const resource = readParameter(this, 'resource', itemIndex) as string;
				const operationName = readParameter(this, 'operation', itemIndex) as string;
				const operation = findOperation(resource, operationName);
				if (!operation) throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`, { itemIndex });
				const values = readParameters(this, operation, itemIndex);
				let pacing: PacingInfo | undefined;
				const onPacing = (info: PacingInfo) => (pacing = info);
				let skipped = false;
				const once = readSendOnce(this, itemIndex, opened, () => (skipped = true));
				const output = await runOperation(operation, values, { ...opened, files: n8nFiles(this, itemIndex), onPacing, once });
				const out = await toItems(this, output, values, itemIndex);
				if (pacing) for (const item of out) item.json.pacing = { ...(pacing as PacingInfo) };
				// A key accepted before: no request was made; the output is that send's.
				if (once) for (const item of out) item.json.idempotency = { key: once.option.key, skipped };
				return out;
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), redactError(error, opened.secrets), itemIndex);
				if (this.continueOnFail()) {
					return [{ json: { error: nodeError.message, ...errorDetails(error) }, pairedItem: { item: itemIndex } }];
				}
				throw nodeError;
			}
		});
		return [perItem.flat()];
	}
}

function errorDetails(error: unknown): IDataObject {
	const json = (error as { toJSON?: () => IDataObject }).toJSON;
	return typeof json === 'function' ? json.call(error) : {};
}
