import { defineOperation } from '../types';
import { flowIdParam, flowPacing } from './support/params';

export const deleteFlow = defineOperation<{ flowId: string }>({
	operation: 'delete',
	label: 'Delete',
	action: 'Delete a Flow',
	help: 'Deletes a DRAFT Flow. A published Flow cannot be deleted: deprecate it.',
	params: { flowId: flowIdParam },
	pacing: flowPacing,
	request: (params) => ({ method: 'DELETE', path: params.flowId }),
	output: (data, params) => ({ deleted: (data as { success?: boolean }).success === true, flowId: params.flowId }),
});
