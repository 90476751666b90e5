import { acceptCall } from './accept';
import { connectCall } from './connect';
import { getCallPermission } from './getPermission';
import { getCallSettings } from './getSettings';
import { preAcceptCall } from './preAccept';
import { rejectCall } from './reject';
import { requestCallPermission } from './requestPermission';
import { terminateCall } from './terminate';
import { updateCallSettings } from './updateSettings';
import type { AnyOperation } from '../types';

/** The Call resource (reference §13): settings and permissions, then the call actions in call order. */
export const callOperations: AnyOperation[] = [
	getCallSettings,
	updateCallSettings,
	requestCallPermission,
	getCallPermission,
	connectCall,
	preAcceptCall,
	acceptCall,
	rejectCall,
	terminateCall,
];
