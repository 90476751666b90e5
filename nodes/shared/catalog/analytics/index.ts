import { defineResource } from '../types';
import { enableTemplateInsights } from './enableTemplateInsights';
import { getCallAnalytics } from './getCall';
import { getConversationAnalytics } from './getConversation';
import { getMarketingBenchmarks } from './getMarketingBenchmarks';
import { getMarketingMetrics } from './getMarketingMetrics';
import { getMessagingAnalytics } from './getMessaging';
import { getPricingAnalytics } from './getPricing';
import { getTemplateAnalytics } from './getTemplate';

export const analytics = defineResource({
	name: 'analytics',
	label: 'Analytics',
	help: 'Messaging, pricing, conversation, template and call reports; Marketing Messages API metrics, conversions and benchmarks.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getMessagingAnalytics, getPricingAnalytics, getConversationAnalytics, getTemplateAnalytics, getCallAnalytics, getMarketingMetrics, getMarketingBenchmarks, enableTemplateInsights],
});
