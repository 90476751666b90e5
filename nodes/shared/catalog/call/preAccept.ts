import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { callAction, callIdParam, sdpParam } from './support/params';

interface PreAcceptParams {
	phoneNumberId: string;
	callId: string;
	sdp: string;
}

export const preAcceptCall = defineOperation<PreAcceptParams>({
	operation: 'preAccept',
	label: 'Pre-Accept',
	action: 'Pre-accept an incoming call',
	help: 'Optional step before Accept: sets up the media connection early so the first words are not clipped. Accept must then send the same SDP answer.',
	params: { phoneNumberId: phoneNumberParam, callId: callIdParam, sdp: sdpParam('answer') },
	pacing: { kind: 'none' },
	request: (params) => callAction(params.phoneNumberId, { call_id: params.callId, action: 'pre_accept', session: { sdp_type: 'answer', sdp: params.sdp } }),
	output: (data, params) => succeeded({ callId: params.callId, action: 'pre_accept' })(data),
});
