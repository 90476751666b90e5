import { defineResource } from '../types';
import { acceptCall } from './accept';
import { connectCall } from './connect';
import { getCallPermission } from './getPermission';
import { getCallSettings } from './getSettings';
import { preAcceptCall } from './preAccept';
import { rejectCall } from './reject';
import { requestCallPermission } from './requestPermission';
import { MEDIA_NOTICE } from './support/params';
import { terminateCall } from './terminate';
import { updateCallSettings } from './updateSettings';

/** Settings and permissions first, then the call actions in the order a call takes them. */
export const call = defineResource({
	name: 'call',
	label: 'Call',
	help: 'Calling settings, call permissions and call signalling (the node does not handle media).',
	notice: MEDIA_NOTICE,
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [
		getCallSettings,
		updateCallSettings,
		requestCallPermission,
		getCallPermission,
		connectCall,
		preAcceptCall,
		acceptCall,
		rejectCall,
		terminateCall,
	],
});
