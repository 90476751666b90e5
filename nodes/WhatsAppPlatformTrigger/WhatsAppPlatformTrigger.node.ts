import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { openN8nAccount } from '../n8n/account';
import { n8nDeadlines } from '../n8n/conversation';
import { toNodeError } from '../n8n/errors';
import { CREDENTIAL_TYPE } from '../n8n/transport';
import type { OpenedAccount } from '../shared/account/open';
import { feedCampaign } from '../shared/campaign/feed';
import { noteSentMessages } from '../shared/scale/statusFeed';
import { sharedDeduplicatorFor } from '../shared/scale/stores';
import { redact, redactError } from '../shared/secrets';
import { dedupWindowMs, eventFilter, isSubscribed, SIGNATURE_HEADER, subscribe, unsubscribe, unwatchTemplateReviews, watchTemplateReviews, WebhookReceiver, type SubscriptionTarget } from '../shared/webhook';
import { answerQuestions } from './conversation';
import { properties } from './description';
import { toItems } from './media';
import { deduplicatorFor, forgetDeduplicator } from './receivers';

interface TriggerOptions {
	downloadMedia?: boolean;
	startOnReplies?: boolean;
	dedupWindowMinutes?: number;
	events?: string[];
	phoneNumberIds?: string;
	statuses?: string[];
	stopKeywords?: string;
	stopConfirmation?: string;
}

/**
 * While this URL of the trigger is active (its test or production URL), a template review it
 * receives ends a Create or Update of this process that waits for it (Wait for Approval).
 */
const reviewsKey = (context: IHookFunctions, target: SubscriptionTarget) => `${context.getWorkflow().id}:${context.getNode().id}:${target.callbackUrl}`;

/**
 * Runs a lifecycle step on the credential's account and its WABA subscription target, with the
 * core's errors as n8n errors, secrets removed.
 */
async function lifecycle<T>(context: IHookFunctions, step: (opened: OpenedAccount, target: SubscriptionTarget) => Promise<T>): Promise<T> {
	const opened = await openN8nAccount(context);
	const target = { wabaId: opened.account.wabaId, callbackUrl: context.getNodeWebhookUrl('default') ?? '' };
	try {
		return await step(opened, target);
	} catch (error) {
		throw toNodeError(context.getNode(), redactError(error, opened.secrets), 0);
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
				return lifecycle(this, async (opened, target) => {
					// Activation, at start-up too: this process watches the time limits of the questions waiting in the account's store.
					void n8nDeadlines(opened, (message) => this.logger.warn(message)).watchOpenGroups();
					const exists = await isSubscribed(opened, target);
					if (exists) watchTemplateReviews(reviewsKey(this, target), opened.account.wabaId);
					return exists;
				});
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const replaced = this.getWorkflowStaticData('node') as Record<string, string | undefined>;
				return lifecycle(this, async (opened, target) => {
					// Remember the override this URL replaces (production, while a test listens).
					replaced[target.callbackUrl] = await subscribe(opened, target, opened.account.verifyToken);
					watchTemplateReviews(reviewsKey(this, target), opened.account.wabaId);
					return true;
				});
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				forgetDeduplicator(`${this.getWorkflow().id}:${this.getNode().id}`);
				const replaced = this.getWorkflowStaticData('node') as Record<string, string | undefined>;
				return lifecycle(this, async (opened, target) => {
					unwatchTemplateReviews(reviewsKey(this, target));
					const previous = replaced[target.callbackUrl];
					delete replaced[target.callbackUrl];
					await unsubscribe(opened, target, previous ? { callbackUrl: previous, verifyToken: opened.account.verifyToken } : undefined);
					return true;
				});
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const opened = await openN8nAccount(this);
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const filter = eventFilter({ fields: this.getNodeParameter('fields', []) as string[], ...options });
		const receiver = new WebhookReceiver({
			appSecret: opened.account.appSecret,
			verifyToken: opened.account.verifyToken,
			filter,
			dedup: deduplicatorFor(`${this.getWorkflow().id}:${this.getNode().id}`, dedupWindowMs(options.dedupWindowMinutes)),
			now: () => Date.now(),
		});
		const answer =
			this.getWebhookName() === 'setup'
				? receiver.handshake(request.query as Record<string, unknown>)
				: receiver.receive(request.rawBody ?? new Uint8Array(), request.headers[SIGNATURE_HEADER]);
		// Answer at once, before the workflow's work: Meta retries anything slow or not 200.
		response.status(answer.status).type('text/plain').send(answer.body);
		// Opt-outs, quality, template states and campaign statuses reach the guard whatever the filter passes.
		await feedCampaign(opened, answer.received ?? [], options, (message) => this.logger.warn(message));
		await noteSentMessages(opened.idempotency, answer.received ?? []);
		if (answer.events.length === 0) return { noWebhookResponse: true };
		// With Redis, a delivery another webhook process (or main) already ran is not run again.
		const nodeKey = `${this.getWorkflow().id}:${this.getNode().id}`;
		const acrossProcesses = sharedDeduplicatorFor(opened.account, nodeKey, dedupWindowMs(options.dedupWindowMinutes), (message) => this.logger.warn(redact(message, opened.secrets)));
		const fresh = acrossProcesses ? await acrossProcesses.filter(answer.events) : answer.events;
		const events = await answerQuestions(this, opened, fresh, options.startOnReplies === true);
		if (events.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [await toItems(this, opened, events, options.downloadMedia === true)] };
	}

}
