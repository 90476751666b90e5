import { defineOperation } from '../types';
import { checkWindow, dataPoints, filter, lookback, templateIdsParam, windowParams, type WindowParams } from './support/window';

const METRICS = ['SENT', 'DELIVERED', 'READ', 'CLICKED'];

interface TemplateAnalyticsParams extends WindowParams {
	templateIds: string[];
}

interface Answer {
	template_analytics?: { data?: Array<{ data_points?: Array<{ clicked?: Array<{ count?: number }> }> }> };
}

export const getTemplateAnalytics = defineOperation<TemplateAnalyticsParams>({
	operation: 'getTemplate',
	label: 'Get Template Analytics',
	action: 'Get template analytics',
	help: 'Sent, delivered, read and clicked per template per day, one item per template and day. Up to 90 days back; enable template insights first.',
	params: { ...windowParams, templateIds: templateIdsParam },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	check: (params, now) => checkWindow(params, now, lookback.templates),
	request: (params) => ({
		method: 'GET',
		path: params.wabaId,
		query: {
			fields: `template_analytics.start(${params.start}).end(${params.end}).granularity(DAILY)${filter('template_ids', params.templateIds, false)}${filter('metric_types', METRICS, false)}`,
		},
	}),
	// Each point also gets the total of its clicks, for charts; the per-button detail stays.
	output: (data) =>
		((data as Answer).template_analytics?.data ?? []).flatMap((group) =>
			dataPoints(group.data_points).map((point) => ({
				...point,
				clicks: ((point.clicked as Array<{ count?: number }> | undefined) ?? []).reduce((sum, c) => sum + (c.count ?? 0), 0),
			})),
		),
});
