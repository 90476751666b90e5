import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { bodyParam, footerParam, header, headerFromCloudApi, headerParams, interactiveFromCloudApi, interactiveRequest, type HeaderParams } from './support/interactive';
import { FREE_FORM_NOTICE } from './support/notices';
import { httpUrl } from './support/rules';

interface SendCtaUrlParams extends SendEnvelope, HeaderParams {
	body: string;
	footer?: string;
	displayText: string;
	url: string;
}

export const sendCtaUrl = defineOperation<SendCtaUrlParams>({
	operation: 'sendCtaUrl',
	label: 'Send CTA URL Button',
	action: 'Send a message with a link button',
	help: 'Sends a message with one button that opens a URL, so the link itself stays hidden.',
	notice: FREE_FORM_NOTICE,
	sends: 'CTA URL buttons',
	params: sendParams({
		...headerParams,
		body: bodyParam(LIMITS.interactiveBody),
		footer: footerParam,
		displayText: { label: 'Button Text', type: 'string', required: true, help: `The button's label, up to ${LIMITS.ctaDisplayText} characters.`, placeholder: 'See dates', schema: text(1, LIMITS.ctaDisplayText) },
		url: { label: 'Button URL', type: 'string', required: true, help: 'The http(s) URL the button opens.', placeholder: 'https://example.com/booking', schema: httpUrl },
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) =>
		interactiveRequest(params, 'cta_url', {
			header: header(params),
			body: params.body,
			footer: params.footer,
			action: { name: 'cta_url', parameters: { display_text: params.displayText, url: params.url } },
		}),
	output: sendOutput,
	fromCloudApi: (payload) => {
		const read = interactiveFromCloudApi(payload, 'cta_url');
		if (!read) return undefined;
		const parameters = (read.action.parameters ?? {}) as { display_text?: string; url?: string };
		return { ...read.values, ...headerFromCloudApi(read.header), displayText: parameters.display_text, url: parameters.url };
	},
});
