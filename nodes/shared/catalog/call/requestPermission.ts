import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { interactiveFromCloudApi } from '../message/support/interactive';
import { phoneNumberParam } from '../support/managementParams';
import { sendOutput } from '../support/outputs';
import { identityKeyHashParam, messageBody, recipientParam } from '../support/sendEnvelope';
import { defineOperation } from '../types';

interface RequestPermissionParams {
	phoneNumberId: string;
	to: string;
	body?: string;
	recipientIdentityKeyHash?: string;
}

export const requestCallPermission = defineOperation<RequestPermissionParams>({
	operation: 'requestPermission',
	label: 'Request Permission',
	action: 'Ask a user for call permission',
	help: 'Sends an interactive call permission request. The user\'s answer arrives as a messages webhook (interactive call_permission_reply); an approval lasts 7 days unless the user makes it permanent.',
	notice:
		'Only inside the 24-hour customer service window (outside it, send a template with a call permission request). ' +
		'At most 1 request per user per 24 h and 2 per 7 days (else 138009), none while a permanent permission exists (138017).',
	sends: 'call permission requests',
	params: {
		phoneNumberId: phoneNumberParam,
		to: recipientParam,
		body: {
			label: 'Text',
			type: 'text',
			help: `Optional: why you want to call, up to ${LIMITS.callPermissionBody.toLocaleString('en-US')} characters. No header or footer is allowed.`,
			placeholder: 'We would like to call you about order ON-12853.',
			schema: text(1, LIMITS.callPermissionBody).optional(),
		},
		recipientIdentityKeyHash: identityKeyHashParam,
	},
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, 'interactive', {
			type: 'call_permission_request',
			action: { name: 'call_permission_request' },
			...(params.body ? { body: { text: params.body } } : {}),
		}),
	}),
	output: sendOutput,
	fromCloudApi: (payload) => interactiveFromCloudApi(payload, 'call_permission_request')?.values,
});
