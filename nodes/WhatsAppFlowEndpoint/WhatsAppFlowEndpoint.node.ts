import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { openN8nAccount } from '../n8n/account';
import { toNodeError } from '../n8n/errors';
import { CREDENTIAL_TYPE } from '../n8n/transport';
import { findOperation } from '../shared/catalog';
import { normaliseSettings, secretValues, type RawSettings } from '../shared/credentials';
import { endpointKeysOf, FLOW_TIME_LIMIT_MS, loadPrivateKey, receiveFlowRequest } from '../shared/flows';
import { runOperation } from '../shared/run';
import { redact, redactError } from '../shared/secrets';
import { SIGNATURE_HEADER } from '../shared/webhook';
import { answerWithin, writeAnswer } from './answerOnce';
import { properties } from './description';

/**
 * With a Flow ID, the Flow's endpoint URI on this node's URL: read (checkExists), set (create).
 * The credential's private key is checked too, so that activation fails when it cannot answer.
 */
async function onFlow(context: IHookFunctions, step: 'check' | 'set'): Promise<boolean> {
	const flowId = String(context.getNodeParameter('flowId', '')).trim();
	const opened = await openN8nAccount(context);
	try {
		loadPrivateKey(opened.account.flowPrivateKey ?? '', opened.account.flowPrivateKeyPassphrase ?? '');
		if (!flowId) return true;
		const url = context.getNodeWebhookUrl('default') ?? '';
		if (step === 'check') {
			const flow = (await runOperation(findOperation('flow', 'get')!, { flowId }, opened)) as { endpoint_uri?: string };
			return flow.endpoint_uri === url;
		}
		await runOperation(findOperation('flow', 'update')!, { flowId, endpointUri: url }, opened);
		return true;
	} catch (error) {
		throw toNodeError(context.getNode(), redactError(error, opened.secrets), 0);
	}
}

export class WhatsAppFlowEndpoint implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Flow Endpoint',
		name: 'whatsAppFlowEndpoint',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["flowId"] ? "Flow " + $parameter["flowId"] : "Flow endpoint"}}',
		description: "Serves a WhatsApp Flow's data-exchange endpoint: one run per screen request, answered by a Respond to WhatsApp Flow node",
		defaults: { name: 'WhatsApp Flow Endpoint' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'responseNode', path: 'flow' }],
		properties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return onFlow(this, 'check');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return onFlow(this, 'set');
			},
			// The endpoint URI stays on the Flow: Meta needs one for a published Flow, and keeps the last.
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const account = normaliseSettings((await this.getCredentials(CREDENTIAL_TYPE)) as RawSettings);
		const secrets = secretValues(account);
		const log = (message: string) => this.logger.warn(redact(`WhatsApp Flow Endpoint "${this.getNode().name}": ${message}`, secrets));
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const received = receiveFlowRequest(request.rawBody ?? new Uint8Array(), request.headers[SIGNATURE_HEADER], endpointKeysOf(account));
		if (received.kind === 'answered') {
			if (received.log) log(received.log);
			writeAnswer(response, received.answer);
			return { noWebhookResponse: true };
		}
		const { timeLimitSeconds } = this.getNodeParameter('options', {}) as { timeLimitSeconds?: number };
		answerWithin(response, timeLimitSeconds ? timeLimitSeconds * 1000 : FLOW_TIME_LIMIT_MS, log);
		// `session`: the request's encrypted AES key and IV, for the Respond node (only the private key opens them).
		return { workflowData: [[{ json: { ...received.request, session: { ...received.sealed } } }]] };
	}
}
