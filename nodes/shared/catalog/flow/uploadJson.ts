import type { MultipartPart } from '../../graph/client';
import { defineOperation } from '../types';
import type { FlowJson } from './support/flowJson';
import { flowIdParam, flowJsonParam, flowPacing } from './support/params';
import { withValidation } from './support/validation';

const part = (name: string, value: string | Uint8Array): MultipartPart => ({ name, value });

export const uploadFlowJson = defineOperation<{ flowId: string; flowJson: FlowJson }>({
	operation: 'uploadJson',
	label: 'Upload Flow JSON',
	action: 'Upload a Flow\'s JSON',
	help: 'Replaces the Flow JSON of a Flow (up to 10 MB). The output lists Meta\'s validation errors by line and path; a Flow with errors stays a DRAFT.',
	notice: 'Uploading to a published Flow makes it a DRAFT again until you publish it once more.',
	params: { flowId: flowIdParam, flowJson: flowJsonParam },
	pacing: flowPacing,
	request: (params) => ({
		method: 'POST',
		path: `${params.flowId}/assets`,
		// Meta's Flows API page: the file as JSON, its name and its asset type.
		multipart: [{ ...part('file', new TextEncoder().encode(params.flowJson.text)), filename: 'flow.json', contentType: 'application/json' }, part('name', 'flow.json'), part('asset_type', 'FLOW_JSON')],
	}),
	output: (data, params) => withValidation(data, { flowId: params.flowId }),
});
