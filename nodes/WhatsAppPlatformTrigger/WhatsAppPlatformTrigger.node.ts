import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { AccountSettings } from '../shared/credentials';
import { secretValues } from '../shared/credentials';
import { GraphClient } from '../shared/graph/client';
import { redactError } from '../shared/secrets';
import { isSubscribed, subscribe, unsubscribe, WebhookReceiver, type EventFilter } from '../shared/webhook';
import { toNodeError } from '../WhatsAppPlatform/errors';
import { CREDENTIAL_TYPE, n8nTransport } from '../WhatsAppPlatform/transport';
import { properties } from './description';
import { toItems } from './media';
import { deduplicatorFor, forgetDeduplicator } from './receivers';

interface TriggerOptions {
	downloadMedia?: boolean;
	dedupWindowMinutes?: number;
	events?: string[];
	phoneNumberIds?: string;
	statuses?: string[];
}

/** The account and the WABA subscription target of a lifecycle call. */
async function subscriptionContext(context: IHookFunctions) {
	const account = (await context.getCredentials(CREDENTIAL_TYPE)) as unknown as AccountSettings;
	const client = new GraphClient({ transport: n8nTransport(context), baseUrl: account.baseUrl, apiVersion: account.apiVersion });
	const target = { wabaId: String(account.wabaId ?? '').trim(), callbackUrl: context.getNodeWebhookUrl('default') ?? '' };
	return { account, client, target };
}

/** Runs a lifecycle step with the core's errors as n8n errors, secrets removed. */
async function lifecycle<T>(context: IHookFunctions, step: (c: Awaited<ReturnType<typeof subscriptionContext>>) => Promise<T>): Promise<T> {
	const c = await subscriptionContext(context);
	try {
		return await step(c);
	} catch (error) {
		throw toNodeError(context.getNode(), redactError(error, secretValues(c.account)), 0);
	}
}

export class WhatsAppPlatformTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Platform Trigger',
		name: 'whatsAppPlatformTrigger',
		icon: { light: 'file:../../icons/whatsapp.svg', dark: 'file:../../icons/whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["fields"] || []).join(", ") || "all fields"}}',
		description: 'Starts the workflow on verified WhatsApp webhooks: one item per inbound message, status or update',
		defaults: { name: 'WhatsApp Platform Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return lifecycle(this, ({ client, target }) => isSubscribed(client, target));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const replaced = this.getWorkflowStaticData('node') as Record<string, string | undefined>;
				return lifecycle(this, async ({ client, target, account }) => {
					// Remember the override this URL replaces (production, while a test listens).
					replaced[target.callbackUrl] = await subscribe(client, target, account.verifyToken);
					return true;
				});
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				forgetDeduplicator(`${this.getWorkflow().id}:${this.getNode().id}`);
				const replaced = this.getWorkflowStaticData('node') as Record<string, string | undefined>;
				return lifecycle(this, async ({ client, target, account }) => {
					const previous = replaced[target.callbackUrl];
					delete replaced[target.callbackUrl];
					await unsubscribe(client, target, previous ? { callbackUrl: previous, verifyToken: account.verifyToken } : undefined);
					return true;
				});
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const account = (await this.getCredentials(CREDENTIAL_TYPE)) as unknown as AccountSettings;
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const filter: EventFilter = {
			fields: this.getNodeParameter('fields', []) as string[],
			events: options.events ?? [],
			statuses: options.statuses ?? [],
			phoneNumberIds: (options.phoneNumberIds ?? '').split(',').map((id) => id.trim()).filter(Boolean),
		};
		const windowMs = Math.max(0, Number(options.dedupWindowMinutes ?? 1440)) * 60_000;
		const receiver = new WebhookReceiver({
			appSecret: account.appSecret ?? '',
			verifyToken: account.verifyToken ?? '',
			filter,
			dedup: deduplicatorFor(`${this.getWorkflow().id}:${this.getNode().id}`, windowMs),
			now: () => Date.now(),
		});
		const answer =
			this.getWebhookName() === 'setup'
				? receiver.handshake(request.query as Record<string, unknown>)
				: receiver.receive(request.rawBody ?? new Uint8Array(), request.headers['x-hub-signature-256']);
		// Answer at once, before the workflow's work: Meta retries anything slow or not 200.
		response.status(answer.status).type('text/plain').send(answer.body);
		if (answer.events.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [await toItems(this, account, answer.events, options.downloadMedia === true)] };
	}
}
