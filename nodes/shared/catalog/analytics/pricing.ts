import { listOf, oneOf } from '../management';
import type { ParamSpec } from '../types';
import { defineOperation } from '../types';
import { checkWindow, dataPoints, filter, granularityParam, lookback, phoneNumbersParam, windowParams, type WindowParams } from './window';

const granularities = ['DAILY', 'MONTHLY', 'HALF_HOUR'] as const;
const dimensions = ['PRICING_CATEGORY', 'PRICING_TYPE', 'COUNTRY', 'PHONE', 'TIER'] as const;

interface PricingAnalyticsParams extends WindowParams {
	granularity: (typeof granularities)[number];
	phoneNumbers?: string[];
	dimensions?: string[];
}

interface Answer {
	pricing_analytics?: { data?: Array<{ data_points?: unknown[] }> };
}

export const dimensionsParam = (values: readonly string[]): ParamSpec<string[] | undefined> => ({
	label: 'Dimensions',
	type: 'string',
	help: `Optional: break the figures down by ${values.join(', ')} (comma-separated).`,
	placeholder: values.slice(0, 2).join(', '),
	schema: listOf(oneOf(values)).optional(),
});

export const pricingAnalytics = defineOperation<PricingAnalyticsParams>({
	resource: 'analytics',
	operation: 'pricing',
	label: 'Get Pricing Analytics',
	action: 'Get pricing analytics',
	help: 'Volume and cost of billed messages per period (per-message pricing), one item per data point. Up to 1 year back.',
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
			fields: `pricing_analytics.start(${params.start}).end(${params.end}).granularity(${params.granularity})${filter('phone_numbers', params.phoneNumbers)}${filter('dimensions', params.dimensions, false)}`,
		},
	}),
	output: (data) => ((data as Answer).pricing_analytics?.data ?? []).flatMap((group) => dataPoints(group.data_points)),
});
