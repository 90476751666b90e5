import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';

export const enableTemplateInsights = defineOperation<{ wabaId: string }>({
	operation: 'enableTemplateInsights',
	label: 'Enable Template Insights',
	action: 'Enable template insights',
	help: 'Turns on template analytics for the WABA, once: it cannot be turned off. Needed before Get Template Analytics.',
	params: { wabaId: wabaParam },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'POST', path: params.wabaId, query: { is_enabled_for_insights: true } }),
	output: (data) => ({ ...(data as object), templateInsightsEnabled: true }),
});
