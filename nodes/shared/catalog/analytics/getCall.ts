import { z } from 'zod';
import { listOf, oneOf } from '../support/fields';
import { defineOperation } from '../types';
import { checkWindow, dailyGranularities, dailyGranularityParam, dataPoints, filter, lookback, phoneNumbersParam, windowParams, type WindowParams } from './support/window';

const directions = ['USER_INITIATED', 'BUSINESS_INITIATED'] as const;
const dimensions = ['PHONE', 'DIRECTION', 'COUNTRY'] as const;
const metrics = ['COUNT', 'COST', 'AVERAGE_DURATION'] as const;

interface CallAnalyticsParams extends WindowParams {
	granularity: (typeof dailyGranularities)[number];
	phoneNumbers?: string[];
	countryCodes?: string[];
	directions?: Array<(typeof directions)[number]>;
	dimensions?: Array<(typeof dimensions)[number]>;
	metricTypes?: Array<(typeof metrics)[number]>;
}

interface Answer {
	call_analytics?: { data_points?: unknown[] };
}

const upper = <T extends string>(values: readonly T[]) =>
	listOf(
		z
			.string()
			.transform((value) => value.toUpperCase())
			.pipe(oneOf(values)),
	).optional();

export const getCallAnalytics = defineOperation<CallAnalyticsParams>({
	operation: 'getCall',
	label: 'Get Call Analytics',
	action: 'Get call analytics',
	help: 'Calls, their cost and average duration (seconds) per period, one item per data point. User-initiated calls are free. Up to 1 year back.',
	params: {
		...windowParams,
		granularity: dailyGranularityParam,
		phoneNumbers: phoneNumbersParam,
		countryCodes: {
			label: 'Country Codes',
			type: 'string',
			help: 'Optional: only calls with users of these countries (ISO codes such as US, BR), comma-separated. Empty: all.',
			placeholder: 'US, BR',
			schema: listOf(
				z
					.string()
					.transform((code) => code.toUpperCase())
					.refine((code) => /^[A-Z]{2}$/.test(code), (code) => ({ message: `"${code}" is not a two-letter ISO country code such as US` })),
			).optional(),
		},
		directions: { label: 'Directions', type: 'string', help: `Optional: ${directions.join(', ')} (comma-separated). Empty: both.`, placeholder: 'USER_INITIATED', schema: upper(directions) },
		dimensions: { label: 'Dimensions', type: 'string', help: `Optional: break the figures down by ${dimensions.join(', ')} (comma-separated).`, placeholder: 'DIRECTION', schema: upper(dimensions) },
		metricTypes: { label: 'Metrics', type: 'string', help: `Optional: ${metrics.join(', ')} (comma-separated). Empty: all.`, placeholder: 'COUNT, COST', schema: upper(metrics) },
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	check: (params, now) => checkWindow(params, now, lookback.year),
	request: (params) => ({
		method: 'GET',
		path: params.wabaId,
		query: {
			fields:
				`call_analytics.start(${params.start}).end(${params.end}).granularity(${params.granularity})` +
				filter('phone_numbers', params.phoneNumbers) +
				filter('country_codes', params.countryCodes) +
				filter('directions', params.directions, false) +
				filter('dimensions', params.dimensions, false) +
				filter('metric_types', params.metricTypes, false),
		},
	}),
	output: (data) => dataPoints((data as Answer).call_analytics?.data_points),
});
