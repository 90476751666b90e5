import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { callAction, callIdParam } from './support/params';

interface CallIdParams {
	phoneNumberId: string;
	callId: string;
}

export const rejectCall = defineOperation<CallIdParams>({
	operation: 'reject',
	label: 'Reject',
	action: 'Reject an incoming call',
	help: 'Declines a user\'s call; no SDP or media needed. A terminate webhook follows, and voicemail runs if its REJECT trigger is set.',
	params: { phoneNumberId: phoneNumberParam, callId: callIdParam },
	pacing: { kind: 'none' },
	request: (params) => callAction(params.phoneNumberId, { call_id: params.callId, action: 'reject' }),
	output: (data, params) => succeeded({ callId: params.callId, action: 'reject' })(data),
});
