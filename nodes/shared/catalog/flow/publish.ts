import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { flowIdParam, flowPacing } from './support/params';

export const publishFlow = defineOperation<{ flowId: string }>({
	operation: 'publish',
	label: 'Publish',
	action: 'Publish a Flow',
	help: 'Publishes a DRAFT Flow so that it can be sent to users. Meta checks its Flow JSON, and for a Flow with an endpoint its endpoint URI, connected app, a signed public key on a number and the endpoint\'s health check.',
	notice: 'A published Flow cannot be deleted, only deprecated; editing it makes it a DRAFT again.',
	params: { flowId: flowIdParam },
	pacing: flowPacing,
	request: (params) => ({ method: 'POST', path: `${params.flowId}/publish` }),
	output: (data, params) => succeeded({ flowId: params.flowId, status: 'PUBLISHED' })(data),
});
