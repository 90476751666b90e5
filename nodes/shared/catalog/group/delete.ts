import { defineOperation } from '../types';
import { groupIdParam } from './support/params';

export const deleteGroup = defineOperation<{ groupId: string }>({
	operation: 'delete',
	label: 'Delete',
	action: 'Delete a group',
	help: 'Deletes a group and removes every participant, the business included. The outcome arrives in the trigger\'s group lifecycle event (group_delete).',
	params: { groupId: groupIdParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'DELETE', path: params.groupId }),
	// Meta's reference answers {success: true}, pywa reads a request_id: accept either.
	output: (data, params) => {
		const answer = data as { success?: boolean; request_id?: string };
		return { success: answer.success ?? true, groupId: params.groupId, ...(answer.request_id ? { requestId: answer.request_id } : {}), ...answer };
	},
});
