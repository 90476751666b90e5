import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { fmt, text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, interactiveFromCloudApi, interactiveRequest } from './support/interactive';
import { FREE_FORM_NOTICE } from './support/notices';

interface SendCallButtonParams extends SendEnvelope {
	body: string;
	footer?: string;
	displayText?: string;
	ttlMinutes?: number;
	payload?: string;
}

export const sendCallButton = defineOperation<SendCallButtonParams>({
	operation: 'sendCallButton',
	label: 'Send Call Button',
	action: 'Send a message with a call button',
	help: 'Sends a message with a button that starts a WhatsApp call to the business. Calling must be enabled on the number.',
	notice: FREE_FORM_NOTICE,
	sends: 'call buttons',
	params: sendParams({
		body: bodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		displayText: {
			label: 'Button Text',
			type: 'string',
			help: `Optional: the button's label, up to ${LIMITS.callButtonText} characters. Empty: "Call Now".`,
			placeholder: 'Call on WhatsApp',
			schema: text(1, LIMITS.callButtonText).optional(),
		},
		ttlMinutes: {
			label: 'Valid For (Minutes)',
			type: 'number',
			help: `Optional: how long the button works, ${LIMITS.callButtonTtlMin} to ${fmt(LIMITS.callButtonTtlMax)} minutes. Empty: 7 days.`,
			schema: z.coerce
				.number({ invalid_type_error: 'must be a number of minutes' })
				.int('must be a whole number of minutes')
				.min(LIMITS.callButtonTtlMin, `must be ${LIMITS.callButtonTtlMin} to ${fmt(LIMITS.callButtonTtlMax)} minutes`)
				.max(LIMITS.callButtonTtlMax, `must be ${LIMITS.callButtonTtlMin} to ${fmt(LIMITS.callButtonTtlMax)} minutes`)
				.optional(),
		},
		payload: {
			label: 'Payload',
			type: 'string',
			help: `Optional: up to ${LIMITS.callButtonPayload} characters, sent back as cta_payload in the call's connect and terminate webhooks.`,
			placeholder: 'order-4711',
			schema: text(1, LIMITS.callButtonPayload).optional(),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => {
		const parameters = { display_text: params.displayText, ttl_minutes: params.ttlMinutes, payload: params.payload };
		const given = Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined));
		return interactiveRequest(params, 'voice_call', {
			body: params.body,
			footer: params.footer,
			action: { name: 'voice_call', ...(Object.keys(given).length ? { parameters: given } : {}) },
		});
	},
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'voice_call');
		if (!read) return undefined;
		const parameters = (read.action.parameters ?? {}) as { display_text?: string; ttl_minutes?: number; payload?: string };
		return { ...read.values, displayText: parameters.display_text, ttlMinutes: parameters.ttl_minutes, payload: parameters.payload };
	},
});
