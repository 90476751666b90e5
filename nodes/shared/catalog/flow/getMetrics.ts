import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { oneOf, options } from '../support/fields';
import { defineOperation, type ParamSpec } from '../types';
import { flowIdParam, flowPacing } from './support/params';

/** The metrics of Meta's Flows "Metrics API" page, and how far back each granularity reaches. */
const METRICS = ['ENDPOINT_REQUEST_COUNT', 'ENDPOINT_REQUEST_ERROR', 'ENDPOINT_REQUEST_ERROR_RATE', 'ENDPOINT_REQUEST_LATENCY_SECONDS_CEIL', 'ENDPOINT_AVAILABILITY'] as const;
const GRANULARITIES = ['DAY', 'HOUR', 'LIFETIME'] as const;
const LOOKBACK_DAYS: Record<(typeof GRANULARITIES)[number], number> = { DAY: 90, HOUR: 30, LIFETIME: 90 };
const DAY_MS = 86_400_000;

interface GetFlowMetricsParams {
	flowId: string;
	metric: (typeof METRICS)[number];
	granularity: (typeof GRANULARITIES)[number];
	since: string;
	until: string;
}

/** A day as the Metrics API takes it (YYYY-MM-DD, UTC), from a date or a date and time. */
const day = z.union([z.string(), z.date()], { invalid_type_error: 'must be a date' }).transform((value, ctx) => {
	const ms = new Date(value).getTime();
	if (Number.isNaN(ms)) {
		ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a date: use 2026-11-01` });
		return z.NEVER;
	}
	return new Date(ms).toISOString().slice(0, 10);
});

const dayParam = (label: string, help: string): ParamSpec<string> => ({ label, type: 'dateTime', required: true, help, placeholder: '2026-11-01', schema: day });

interface Answer {
	metric?: { name?: string; granularity?: string; data_points?: Array<{ timestamp?: string; data?: Array<{ key: string; value: unknown }> }> };
}

export const getFlowMetrics = defineOperation<GetFlowMetricsParams>({
	operation: 'getMetrics',
	label: 'Get Metrics',
	action: 'Get a Flow\'s endpoint metrics',
	help: 'The Flow endpoint\'s requests, errors, error rate, latency or availability, one item per data point. Meta answers an error until the endpoint had 250 requests; data lags a few hours.',
	notice: 'Meta announced the end of the Flows Metrics API for 30 April 2026 without naming a successor; while Meta still answers, this reads it, and its errors come back as Meta words them.',
	params: {
		flowId: flowIdParam,
		metric: {
			label: 'Metric',
			type: 'options',
			default: 'ENDPOINT_REQUEST_COUNT',
			options: options(METRICS),
			help: 'Requests, errors by kind, error rate, latency in 1-second buckets, or availability.',
			schema: oneOf(METRICS).default('ENDPOINT_REQUEST_COUNT'),
		},
		granularity: {
			label: 'Granularity',
			type: 'options',
			default: 'DAY',
			options: options(GRANULARITIES),
			help: 'One data point per day (up to 90 days back), per hour (30 days back), or one for the whole range.',
			schema: oneOf(GRANULARITIES).default('DAY'),
		},
		since: dayParam('Since', 'The first day (UTC).'),
		until: dayParam('Until', 'The last day (UTC), not before Since.'),
	},
	pacing: flowPacing,
	check: (params, now) => {
		if (params.until < params.since) throw new ValidationError('Until (until)', `must not be before Since (${params.since}), got ${params.until}`);
		const days = LOOKBACK_DAYS[params.granularity];
		const earliest = new Date(now - days * DAY_MS).toISOString().slice(0, 10);
		if (params.since < earliest) throw new ValidationError('Since (since)', `must be within the last ${days} days for ${params.granularity} (not before ${earliest}), got ${params.since}`);
	},
	request: (params) => ({
		method: 'GET',
		path: params.flowId,
		query: { fields: `metric.name(${params.metric}).granularity(${params.granularity}).since(${params.since}).until(${params.until})` },
	}),
	output: (data, params) => {
		const metric = (data as Answer).metric;
		return (metric?.data_points ?? []).map((point) => ({
			start: point.timestamp ? new Date(point.timestamp.replace(/\+0000$/, 'Z')).toISOString() : undefined,
			metric: metric?.name ?? params.metric,
			granularity: metric?.granularity ?? params.granularity,
			...Object.fromEntries((point.data ?? []).map(({ key, value }) => [key, value])),
		}));
	},
});
