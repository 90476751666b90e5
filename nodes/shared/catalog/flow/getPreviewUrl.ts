import { booleanParam } from '../support/fields';
import { defineOperation } from '../types';
import { flowIdParam, flowPacing } from './support/params';

interface Answer {
	preview?: { preview_url?: string; expires_at?: string };
}

export const getFlowPreviewUrl = defineOperation<{ flowId: string; invalidate: boolean }>({
	operation: 'getPreviewUrl',
	label: 'Get Preview URL',
	action: 'Get a Flow\'s preview URL',
	help: 'A web link that shows the Flow as a user sees it, valid for 30 days and public (no login). Add interactive=true, flow_token and phone_number to the URL to try an endpoint Flow.',
	params: {
		flowId: flowIdParam,
		invalidate: booleanParam('Invalidate', 'Whether to issue a new link, so that links shared before stop working.'),
	},
	pacing: flowPacing,
	request: (params) => ({ method: 'GET', path: params.flowId, query: { fields: `preview.invalidate(${params.invalidate})` } }),
	output: (data, params) => {
		const { preview } = data as Answer;
		return { flowId: params.flowId, previewUrl: preview?.preview_url, expiresAt: preview?.expires_at };
	},
});
