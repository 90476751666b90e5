import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { fmt } from '../../validation/rules';
import { wabaParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

interface SubscribeParams {
	wabaId: string;
	overrideCallbackUri?: string;
	verifyToken?: string;
}

export const subscribeApp = defineOperation<SubscribeParams>({
	operation: 'subscribe',
	label: 'Subscribe',
	action: 'Subscribe the app to the WABA',
	help: 'Subscribes the app to the WABA\'s webhooks; without it, production numbers deliver no events. With an override URL, message events of this WABA go there instead of the app\'s callback; subscribing again without one clears it.',
	params: {
		wabaId: wabaParam,
		overrideCallbackUri: {
			label: 'Override Callback URL',
			type: 'string',
			help: `Optional: an https URL (up to ${LIMITS.overrideCallbackUri} characters) for this WABA's events. Meta verifies it with the verify token first.`,
			placeholder: 'https://example.com/webhook',
			schema: z
				.string()
				.trim()
				.superRefine((url, ctx) => {
					if (!/^https:\/\/\S+$/.test(url)) ctx.addIssue({ code: 'custom', message: 'must be an https:// URL' });
					else if (url.length > LIMITS.overrideCallbackUri) ctx.addIssue({ code: 'custom', message: `must be at most ${fmt(LIMITS.overrideCallbackUri)} characters, got ${fmt(url.length)}` });
				})
				.optional(),
		},
		verifyToken: {
			label: 'Verify Token',
			type: 'string',
			fromAccount: 'verifyToken',
			help: 'The token Meta sends back when it verifies the override URL. Empty: the webhook verify token of the credential.',
			schema: z.string().optional(),
		},
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({
		method: 'POST',
		path: `${params.wabaId}/subscribed_apps`,
		// Posting without a body clears an override.
		body: params.overrideCallbackUri ? { override_callback_uri: params.overrideCallbackUri, verify_token: params.verifyToken } : undefined,
	}),
	output: (data, params) => ({ ...succeeded({ subscribed: true })(data), ...(params.overrideCallbackUri ? { overrideCallbackUri: params.overrideCallbackUri } : {}) }),
});
