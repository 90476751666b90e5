import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { callAction, callIdParam } from './support/params';

interface CallIdParams {
	phoneNumberId: string;
	callId: string;
}

export const terminateCall = defineOperation<CallIdParams>({
	operation: 'terminate',
	label: 'Terminate',
	action: 'Hang up a call',
	help: 'Ends a call in either direction; no SDP or media needed. Call it even after your media endpoint saw a BYE: it makes billing more accurate. Not needed when the user hung up.',
	params: { phoneNumberId: phoneNumberParam, callId: callIdParam },
	pacing: { kind: 'none' },
	request: (params) => callAction(params.phoneNumberId, { call_id: params.callId, action: 'terminate' }),
	output: (data, params) => succeeded({ callId: params.callId, action: 'terminate' })(data),
});
