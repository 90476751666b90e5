import { ValidationError } from '../../graph/errors';
import { numericId } from '../../validation/rules';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';
import { endpointUriParam, flowIdParam, flowPacing, newCategoriesParam, newFlowNameParam } from './support/params';

interface UpdateFlowParams {
	flowId: string;
	name?: string;
	categories?: string[];
	endpointUri?: string;
	applicationId?: string;
}

export const updateFlow = defineOperation<UpdateFlowParams>({
	operation: 'update',
	label: 'Update',
	action: 'Update a Flow\'s metadata',
	help: 'Changes a Flow\'s name, categories, endpoint URI or connected Meta app. Its Flow JSON changes with Upload Flow JSON.',
	notice: 'Editing a published Flow makes it a DRAFT again until you publish it once more (Meta\'s Lifecycle of a Flow page); messages already sent keep the version they had.',
	params: {
		flowId: flowIdParam,
		name: newFlowNameParam,
		categories: newCategoriesParam,
		endpointUri: endpointUriParam,
		applicationId: {
			label: 'Application ID',
			type: 'string',
			help: 'Optional: the Meta app to connect; its App Secret signs the endpoint\'s requests. Every Flow with an endpoint needs one.',
			schema: numericId.optional(),
		},
	},
	pacing: flowPacing,
	check: (params) => {
		if (!params.name && !params.categories && !params.endpointUri && !params.applicationId) {
			throw new ValidationError('Name (name)', 'give a name, categories, an endpoint URI or an application ID: there is nothing to update');
		}
	},
	request: (params) => ({
		method: 'POST',
		path: params.flowId,
		body: {
			...(params.name ? { name: params.name } : {}),
			...(params.categories ? { categories: params.categories } : {}),
			...(params.endpointUri ? { endpoint_uri: params.endpointUri } : {}),
			...(params.applicationId ? { application_id: params.applicationId } : {}),
		},
	}),
	output: (data, params) => succeeded({ flowId: params.flowId })(data),
});
