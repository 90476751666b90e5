import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { findOperation } from '../shared/catalog';
import type { AccountSettings } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { runOperation } from '../shared/run';
import { secretValues } from '../shared/credentials';
import { redactError } from '../shared/secrets';
import { properties } from './description';
import { toNodeError } from './errors';
import { CREDENTIAL_TYPE, n8nTransport } from './transport';

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
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppPlatformApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const account = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as AccountSettings;
		const secrets = secretValues(account);
		const client = new GraphClient({ transport: n8nTransport(this), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
		const results: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const resource = this.getNodeParameter('resource', itemIndex) as string;
				const operationName = this.getNodeParameter('operation', itemIndex) as string;
				const operation = findOperation(resource, operationName);
				if (!operation) throw new Error(`The operation "${operationName}" of "${resource}" is not supported`);
				const values: Record<string, unknown> = {};
				for (const name of Object.keys(operation.params)) values[name] = this.getNodeParameter(name, itemIndex, undefined);
				const output = await runOperation(operation, values, { client, account });
				results.push({ json: output as IDataObject, pairedItem: { item: itemIndex } });
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), redactError(error, secrets), itemIndex);
				if (this.continueOnFail()) {
					results.push({ json: { error: nodeError.message, ...errorDetails(error) }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw nodeError;
			}
		}
		return [results];
	}
}

function errorDetails(error: unknown): IDataObject {
	const json = (error as { toJSON?: () => IDataObject }).toJSON;
	return typeof json === 'function' ? json.call(error) : {};
}
