import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { envelopeFromCloudApi, messageBody, sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { FREE_FORM_NOTICE } from './support/notices';
import { numberIn } from './support/rules';

interface SendLocationParams extends SendEnvelope {
	latitude: number;
	longitude: number;
	name?: string;
	address?: string;
}

export const sendLocation = defineOperation<SendLocationParams>({
	operation: 'sendLocation',
	label: 'Send Location',
	action: 'Send a location message',
	help: 'Sends a map pin with an optional name and address.',
	notice: FREE_FORM_NOTICE,
	sends: 'locations',
	params: sendParams({
		latitude: { label: 'Latitude', type: 'number', required: true, help: 'Degrees, -90 to 90.', schema: numberIn(-90, 90) },
		longitude: { label: 'Longitude', type: 'number', required: true, help: 'Degrees, -180 to 180.', schema: numberIn(-180, 180) },
		name: { label: 'Location Name', type: 'string', help: 'Optional: the place\'s name.', schema: text(1, 1000).optional() },
		address: { label: 'Address', type: 'string', help: 'Optional: shown only together with a name.', schema: text(1, 1000).optional() },
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: messageBody(params, 'location', {
			latitude: params.latitude,
			longitude: params.longitude,
			...(params.name ? { name: params.name } : {}),
			...(params.address ? { address: params.address } : {}),
		}),
	}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		if (payload.type !== 'location') return undefined;
		const object = (payload.location ?? {}) as Record<string, unknown>;
		return { ...envelopeFromCloudApi(payload), latitude: object.latitude, longitude: object.longitude, name: object.name, address: object.address };
	},
});
