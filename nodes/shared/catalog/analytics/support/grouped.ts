import { listOf, oneOf } from '../../support/fields';
import { defineOperation, type OperationSpec } from '../../types';
import { checkWindow, dailyGranularities, dailyGranularityParam, dataPoints, filter, lookback, phoneNumbersParam, windowParams, type WindowParams } from './window';


export interface GroupedAnalyticsParams extends WindowParams {
	granularity: (typeof dailyGranularities)[number];
	phoneNumbers?: string[];
	dimensions?: string[];
}

interface GroupedAnalytics {
	/** The `fields` edge of `GET /{waba-id}` and the key its answer sits under. */
	field: 'pricing_analytics' | 'conversation_analytics';
	operation: string;
	label: string;
	action: string;
	help: string;
	/** The dimensions this report can break its figures down by. */
	dimensions: readonly string[];
}

/**
 * The reports whose answer groups data points under `<field>.data[]` (pricing, conversation):
 * the same window, granularity, phone number and dimension filters, up to a year back.
 */
export function groupedAnalytics(report: GroupedAnalytics): OperationSpec<GroupedAnalyticsParams> {
	return defineOperation<GroupedAnalyticsParams>({
		operation: report.operation,
		label: report.label,
		action: report.action,
		help: report.help,
		params: {
			...windowParams,
			granularity: dailyGranularityParam,
			phoneNumbers: phoneNumbersParam,
			dimensions: {
				label: 'Dimensions',
				type: 'string',
				help: `Optional: break the figures down by ${report.dimensions.join(', ')} (comma-separated).`,
				placeholder: report.dimensions.slice(0, 2).join(', '),
				schema: listOf(oneOf(report.dimensions)).optional(),
			},
		},
		pacing: { kind: 'management', waba: (params) => params.wabaId },
		check: (params, now) => checkWindow(params, now, lookback.year),
		request: (params) => ({
			method: 'GET',
			path: params.wabaId,
			query: {
				fields: `${report.field}.start(${params.start}).end(${params.end}).granularity(${params.granularity})${filter('phone_numbers', params.phoneNumbers)}${filter('dimensions', params.dimensions, false)}`,
			},
		}),
		output: (data) => {
			const groups = (data as Record<string, { data?: Array<{ data_points?: unknown[] }> } | undefined>)[report.field]?.data ?? [];
			return groups.flatMap((group) => dataPoints(group.data_points));
		},
	});
}
