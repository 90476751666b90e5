import { LIMITS } from '../../validation/limits';
import { sendEnvelopeParams, type SendEnvelope } from '../params';
import { defineOperation } from '../types';
import { bodyParam, interactiveFromCloudApi, interactiveRequest } from './interactive';
import { sendOutput } from './output';

interface SendLocationRequestParams extends SendEnvelope {
	body: string;
}

export const sendLocationRequest = defineOperation<SendLocationRequestParams>({
	resource: 'message',
	operation: 'sendLocationRequest',
	label: 'Send Location Request',
	action: 'Ask the user to share a location',
	help: 'Sends a text with a "Send location" button; the user\'s location comes back as a location message.',
	params: { ...sendEnvelopeParams, body: bodyParam(LIMITS.interactiveBody) },
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => interactiveRequest(params, 'location_request_message', { body: params.body, action: { name: 'send_location' } }),
	output: sendOutput,
	fromCloudApi: (payload) => interactiveFromCloudApi(payload, 'location_request_message')?.values,
});
