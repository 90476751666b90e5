import { defineOperation } from '../types';
import { FLOW_FIELDS, flowIdParam, flowPacing } from './support/params';
import { withValidation } from './support/validation';

export const getFlow = defineOperation<{ flowId: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get a Flow',
	help: 'Reads one Flow: status, categories, validation errors, JSON and data API versions, endpoint URI and health status.',
	params: { flowId: flowIdParam },
	pacing: flowPacing,
	request: (params) => ({ method: 'GET', path: params.flowId, query: { fields: FLOW_FIELDS } }),
	output: (data) => withValidation(data),
});
