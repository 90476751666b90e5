import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { callAction, callIdParam, callTrackingParam, captureParam, sdpParam, type CaptureSetting } from './support/params';

interface AcceptParams {
	phoneNumberId: string;
	callId: string;
	sdp: string;
	trackingData?: string;
	recording?: CaptureSetting;
	transcription?: CaptureSetting;
}

export const acceptCall = defineOperation<AcceptParams>({
	operation: 'accept',
	label: 'Accept',
	action: 'Accept an incoming call',
	help: 'Answers a user\'s call with the SDP answer of your media endpoint (the same SDP as Pre-Accept, if used). Send media only after this succeeds.',
	notice: 'An incoming call rings for about 30 to 60 seconds; after that the user sees "Not answered" and a terminate webhook follows.',
	params: {
		phoneNumberId: phoneNumberParam,
		callId: callIdParam,
		sdp: sdpParam('answer'),
		trackingData: callTrackingParam,
		recording: captureParam('Recording'),
		transcription: captureParam('Transcription'),
	},
	pacing: { kind: 'none' },
	request: (params) =>
		callAction(params.phoneNumberId, {
			call_id: params.callId,
			action: 'accept',
			session: { sdp_type: 'answer', sdp: params.sdp },
			...(params.trackingData ? { biz_opaque_callback_data: params.trackingData } : {}),
			...(params.recording ? { recording: params.recording } : {}),
			...(params.transcription ? { transcription: params.transcription } : {}),
		}),
	output: (data, params) => succeeded({ callId: params.callId, action: 'accept' })(data),
});
