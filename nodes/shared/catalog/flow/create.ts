import { ValidationError } from '../../graph/errors';
import { numericId } from '../../validation/rules';
import { booleanParam } from '../support/fields';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import type { FlowJson } from './support/flowJson';
import { categoriesParam, endpointUriParam, flowNameParam, flowPacing, optionalFlowJsonParam } from './support/params';
import { withValidation } from './support/validation';

interface CreateFlowParams {
	wabaId: string;
	name: string;
	categories: string[];
	flowJson?: FlowJson;
	endpointUri?: string;
	cloneFlowId?: string;
	publish: boolean;
}

export const createFlow = defineOperation<CreateFlowParams>({
	operation: 'create',
	label: 'Create',
	action: 'Create a Flow',
	help: 'Creates a Flow as a DRAFT, optionally with its Flow JSON and endpoint, or as a copy of another Flow. The output lists Meta\'s validation errors by line and path.',
	params: {
		wabaId: wabaParam,
		name: flowNameParam,
		categories: categoriesParam,
		flowJson: optionalFlowJsonParam,
		endpointUri: endpointUriParam,
		cloneFlowId: {
			label: 'Clone Flow ID',
			type: 'string',
			help: 'Optional: the ID of a Flow to copy (its Flow JSON and endpoint); a Flow JSON given here replaces the copy\'s.',
			placeholder: '1234567890123456',
			schema: numericId.optional(),
		},
		publish: booleanParam('Publish', 'Whether to publish the Flow at once; needs a Flow JSON without errors (and, for an endpoint Flow, a signed public key and a healthy endpoint).'),
	},
	pacing: flowPacing,
	check: (params) => {
		if (params.publish && !params.flowJson) throw new ValidationError('Flow JSON (flowJson)', 'is required to publish at creation');
	},
	request: (params) => ({
		method: 'POST',
		path: `${params.wabaId}/flows`,
		body: {
			name: params.name,
			categories: params.categories,
			...(params.flowJson ? { flow_json: params.flowJson.text } : {}),
			...(params.endpointUri ? { endpoint_uri: params.endpointUri } : {}),
			...(params.cloneFlowId ? { clone_flow_id: params.cloneFlowId } : {}),
			...(params.publish ? { publish: true } : {}),
		},
	}),
	output: (data) => withValidation(data),
});
