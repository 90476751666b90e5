import { succeeded } from '../support/outputs';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { userIdParam } from './support/params';

export const removeAssignedUser = defineOperation<{ wabaId: string; userId: string }>({
	operation: 'removeAssignedUser',
	label: 'Remove Assigned User',
	action: 'Remove a user from a WABA',
	help: 'Takes a user\'s access to the WABA away: every task of theirs is removed.',
	params: { wabaId: wabaParam, userId: userIdParam },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'DELETE', path: `${params.wabaId}/assigned_users`, query: { user: params.userId } }),
	output: (data, params) => succeeded({ removed: true, userId: params.userId })(data),
});
