import { phoneNumberParam } from '../support/managementParams';
import { recipientParam } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { callAction, callTrackingParam, captureParam, sdpParam, type CaptureSetting } from './support/params';

interface ConnectParams {
	phoneNumberId: string;
	to: string;
	sdp: string;
	trackingData?: string;
	recording?: CaptureSetting;
	transcription?: CaptureSetting;
}

export const connectCall = defineOperation<ConnectParams>({
	operation: 'connect',
	label: 'Connect',
	action: 'Start a business-initiated call',
	help: 'Calls a user who granted call permission, with the SDP offer of your media endpoint.',
	notice:
		'Needs the user\'s call permission (else 138006). Meta\'s SDP answer arrives in the connect webhook and must be applied to your media endpoint in time (else 138007). ' +
		'Limits: one call per user at a time, 100 connected calls per user and 10,000 new calls per number per 24 h.',
	params: {
		phoneNumberId: phoneNumberParam,
		to: { ...recipientParam, label: 'User Phone Number', help: 'The WhatsApp number of the user to call, with country code: +16505551234.' },
		sdp: sdpParam('offer'),
		trackingData: callTrackingParam,
		recording: captureParam('Recording'),
		transcription: captureParam('Transcription'),
	},
	pacing: { kind: 'none' },
	request: (params) =>
		callAction(params.phoneNumberId, {
			to: params.to.replace(/^\+/, ''),
			action: 'connect',
			session: { sdp_type: 'offer', sdp: params.sdp },
			...(params.trackingData ? { biz_opaque_callback_data: params.trackingData } : {}),
			...(params.recording ? { recording: params.recording } : {}),
			...(params.transcription ? { transcription: params.transcription } : {}),
		}),
	output: (data) => ({ callId: (data as { calls?: Array<{ id?: string }> }).calls?.[0]?.id, ...(data as object) }),
});
