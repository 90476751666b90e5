import type { ListParams } from '../../graph/paging';
import { listParams, phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

export const getManyBlockedUsers = defineOperation<ListParams & { phoneNumberId: string }>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many blocked users',
	help: 'Lists the users this number blocked (GET /{phone-number-id}/block_users), one item per user.',
	params: { phoneNumberId: phoneNumberParam, ...listParams },
	pacing: { kind: 'none' },
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.phoneNumberId}/block_users` }),
});
