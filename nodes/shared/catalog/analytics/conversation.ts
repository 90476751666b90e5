import { defineOperation } from '../types';
import { dimensionsParam } from './pricing';
import { checkWindow, dataPoints, filter, granularityParam, lookback, phoneNumbersParam, windowParams, type WindowParams } from './window';

const granularities = ['DAILY', 'MONTHLY', 'HALF_HOUR'] as const;
const dimensions = ['CONVERSATION_CATEGORY', 'CONVERSATION_DIRECTION', 'CONVERSATION_TYPE', 'COUNTRY', 'PHONE'] as const;

interface ConversationAnalyticsParams extends WindowParams {
	granularity: (typeof granularities)[number];
	phoneNumbers?: string[];
	dimensions?: string[];
}

interface Answer {
	conversation_analytics?: { data?: Array<{ data_points?: unknown[] }> };
}

export const conversationAnalytics = defineOperation<ConversationAnalyticsParams>({
	resource: 'analytics',
	operation: 'conversation',
	label: 'Get Conversation Analytics (Legacy)',
	action: 'Get conversation analytics',
	help: 'Conversations and their cost per period, under the conversation-based pricing that ended on 2025-07-01. One item per data point; up to 1 year back.',
	params: {
		...windowParams,
		granularity: granularityParam(granularities, [
			{ value: 'DAILY', label: 'Day' },
			{ value: 'MONTHLY', label: 'Month' },
			{ value: 'HALF_HOUR', label: 'Half Hour' },
		]),
		phoneNumbers: phoneNumbersParam,
		dimensions: dimensionsParam(dimensions),
	},
	pacing: { kind: 'management' },
	check: (params, now) => checkWindow(params, now, lookback.year),
	request: (params) => ({
		method: 'GET',
		path: params.wabaId,
		query: {
			fields: `conversation_analytics.start(${params.start}).end(${params.end}).granularity(${params.granularity})${filter('phone_numbers', params.phoneNumbers)}${filter('dimensions', params.dimensions, false)}`,
		},
	}),
	output: (data) => ((data as Answer).conversation_analytics?.data ?? []).flatMap((group) => dataPoints(group.data_points)),
});
