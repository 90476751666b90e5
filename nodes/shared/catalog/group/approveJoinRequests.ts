import { defineOperation } from '../types';
import { joinRequestsOutput, joinRequestsRequest, type JoinRequestsParams } from './support/joinRequests';
import { groupIdParam, joinRequestIdsParam } from './support/params';

export const approveGroupJoinRequests = defineOperation<JoinRequestsParams>({
	operation: 'approveJoinRequests',
	label: 'Approve Join Requests',
	action: 'Approve join requests of a group',
	help: 'Lets the users of these join requests into the group (at most 8 participants). Returns the approved and the failed requests; each approval also fires a participants webhook.',
	params: { groupId: groupIdParam, joinRequestIds: joinRequestIdsParam },
	pacing: { kind: 'none' },
	request: (params) => joinRequestsRequest('POST', params),
	output: joinRequestsOutput('approved_join_requests', 'approved'),
});
