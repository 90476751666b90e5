import type { ListParams } from '../../graph/paging';
import { listParams, wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { withValidation } from './support/validation';
import { flowPacing } from './support/params';

interface GetManyFlowsParams extends ListParams {
	wabaId: string;
}

export const getManyFlows = defineOperation<GetManyFlowsParams>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get many Flows',
	help: 'Lists the WABA\'s Flows, one item per Flow: ID, name, status, categories and validation errors.',
	params: { wabaId: wabaParam, ...listParams },
	pacing: flowPacing,
	paginate: true,
	request: (params) => ({ method: 'GET', path: `${params.wabaId}/flows` }),
	output: (data) => (data as unknown[]).map((flow) => withValidation(flow)),
});
