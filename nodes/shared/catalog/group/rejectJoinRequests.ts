import { defineOperation } from '../types';
import { joinRequestsOutput, joinRequestsRequest, type JoinRequestsParams } from './support/joinRequests';
import { groupIdParam, joinRequestIdsParam } from './support/params';

export const rejectGroupJoinRequests = defineOperation<JoinRequestsParams>({
	operation: 'rejectJoinRequests',
	label: 'Reject Join Requests',
	action: 'Reject join requests of a group',
	help: 'Turns down these join requests. Returns the rejected and the failed requests; no webhook follows, and the user may ask again.',
	params: { groupId: groupIdParam, joinRequestIds: joinRequestIdsParam },
	pacing: { kind: 'none' },
	request: (params) => joinRequestsRequest('DELETE', params),
	output: joinRequestsOutput('rejected_join_requests', 'rejected'),
});
