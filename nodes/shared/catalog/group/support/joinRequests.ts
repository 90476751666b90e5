import type { GraphRequest } from '../../../graph/client';

export interface JoinRequestsParams {
	groupId: string;
	joinRequestIds: string[];
}

/** Approve (POST) and reject (DELETE) share the path and body (Meta's Group management page). */
export const joinRequestsRequest = (method: 'POST' | 'DELETE', params: JoinRequestsParams): GraphRequest => ({
	method,
	path: `${params.groupId}/join_requests`,
	body: { messaging_product: 'whatsapp', join_requests: params.joinRequestIds },
});

/** The handled and failed lists lifted to the top; a partial success (131201) keeps its per-item errors. */
export const joinRequestsOutput = (handledKey: 'approved_join_requests' | 'rejected_join_requests', name: 'approved' | 'rejected') => (data: unknown) => {
	const answer = data as Record<string, unknown>;
	return { [name]: answer[handledKey] ?? [], failed: answer.failed_join_requests ?? [], ...answer };
};
