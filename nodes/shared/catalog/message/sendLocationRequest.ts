import { LIMITS } from '../../validation/limits';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, interactiveFromCloudApi, interactiveRequest } from './support/interactive';
import { FREE_FORM_NOTICE } from './support/notices';

interface SendLocationRequestParams extends SendEnvelope {
	body: string;
}

export const sendLocationRequest = defineOperation<SendLocationRequestParams>({
	operation: 'sendLocationRequest',
	label: 'Send Location Request',
	action: 'Ask the user to share a location',
	help: 'Sends a text with a "Send location" button; the user\'s location comes back as a location message.',
	notice: FREE_FORM_NOTICE,
	sends: 'location requests',
	params: sendParams({ body: bodyParam(LIMITS.interactiveBody) }),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => interactiveRequest(params, 'location_request_message', { body: params.body, action: { name: 'send_location' } }),
	output: sendOutput,
	fromCloudApi: (payload) => interactiveFromCloudApi(payload, 'location_request_message')?.values,
});
