import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { flowIdParam, flowPacing } from './support/params';

export const deprecateFlow = defineOperation<{ flowId: string }>({
	operation: 'deprecate',
	label: 'Deprecate',
	action: 'Deprecate a Flow',
	help: 'Retires a published Flow: it can no longer be sent (or opened). Deprecation cannot be undone.',
	params: { flowId: flowIdParam },
	pacing: flowPacing,
	request: (params) => ({ method: 'POST', path: `${params.flowId}/deprecate` }),
	output: (data, params) => succeeded({ flowId: params.flowId, status: 'DEPRECATED' })(data),
});
