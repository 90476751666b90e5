import type { ListParams } from '../../graph/paging';
import { listParams, wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { businessIdParam } from './support/params';

interface GetAssignedUsersParams extends ListParams {
	wabaId: string;
	businessId: string;
}

export const getAssignedUsers = defineOperation<GetAssignedUsersParams>({
	operation: 'getAssignedUsers',
	label: 'Get Assigned Users',
	action: 'Get the users assigned to a WABA',
	help: 'Lists the system users and business users who have access to the WABA, one item each, with their tasks.',
	params: { wabaId: wabaParam, businessId: { ...businessIdParam, help: `${businessIdParam.help} Meta requires it on this list.` }, ...listParams },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.wabaId}/assigned_users`, query: { business: params.businessId, fields: 'id,name,user_type,tasks,business' } }),
});
