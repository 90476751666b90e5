import type { ListParams } from '../../graph/paging';
import { listParams } from '../support/managementParams';
import { defineOperation } from '../types';
import { groupIdParam } from './support/params';

export const getGroupJoinRequests = defineOperation<ListParams & { groupId: string }>({
	operation: 'getJoinRequests',
	label: 'Get Join Requests',
	action: 'Get the join requests of a group',
	help: 'Lists the pending join requests of a group that needs approval, one item per request (join request ID, wa_id, time).',
	params: { groupId: groupIdParam, ...listParams },
	pacing: { kind: 'none' },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.groupId}/join_requests` }),
});
