import { defineOperation } from '../types';
import { checkWindow, dataPoints, filter, granularityParam, lookback, phoneNumbersParam, windowParams, type WindowParams } from './support/window';

const granularities = ['DAY', 'MONTH', 'HALF_HOUR'] as const;

interface MessagingAnalyticsParams extends WindowParams {
	granularity: (typeof granularities)[number];
	phoneNumbers?: string[];
}

interface Answer {
	analytics?: { data_points?: unknown[] };
}

export const getMessagingAnalytics = defineOperation<MessagingAnalyticsParams>({
	operation: 'getMessaging',
	label: 'Get Messaging Analytics',
	action: 'Get messaging analytics',
	help: 'Messages sent and delivered per period, one item per data point. Up to 1 year back.',
	params: {
		...windowParams,
		granularity: granularityParam(granularities, [
			{ value: 'DAY', label: 'Day' },
			{ value: 'MONTH', label: 'Month' },
			{ value: 'HALF_HOUR', label: 'Half Hour' },
		]),
		phoneNumbers: phoneNumbersParam,
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	check: (params, now) => checkWindow(params, now, lookback.year),
	request: (params) => ({
		method: 'GET',
		path: params.wabaId,
		query: { fields: `analytics.start(${params.start}).end(${params.end}).granularity(${params.granularity})${filter('phone_numbers', params.phoneNumbers)}` },
	}),
	output: (data) => dataPoints((data as Answer).analytics?.data_points),
});
