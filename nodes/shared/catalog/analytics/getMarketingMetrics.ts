import { booleanParam, oneOf } from '../support/fields';
import { defineOperation, type ParamSpec } from '../types';
import { adEntityOf, insights, marketingInsightParams, type MarketingInsightParams } from './support/marketing';

/** Meta's Marketing Messages Insights fields ("Viewing metrics"): delivery, website and app conversions. */
const DELIVERY = ['sent', 'delivered', 'read', 'link_btn_click', 'delivery_rate', 'read_rate', 'link_btn_click_rate', 'spend', 'cost_per_delivered', 'cost_per_link_btn_click'];
const CONVERSIONS = ['add_to_cart', 'initiate_checkout', 'purchase', 'purchase_values', 'complete_registration', 'add_to_wishlist', 'add_payment_info', 'search', 'view_content'];
const METRIC_SETS = {
	delivery: DELIVERY.map((f) => `marketing_messages_${f}`),
	website: [...CONVERSIONS, 'lead', 'custom'].map((f) => `marketing_messages_website_${f}`),
	app: [...CONVERSIONS, 'level_achieved', 'rate', 'tutorial_completion', 'other'].map((f) => `marketing_messages_app_${f}`),
};
type MetricSet = keyof typeof METRIC_SETS;

interface MetricsParams extends MarketingInsightParams {
	metrics: MetricSet | 'all';
	daily: boolean;
}

const metricsParam: ParamSpec<MetricsParams['metrics']> = {
	label: 'Metrics',
	type: 'options',
	default: 'all',
	options: [
		{ value: 'all', label: 'All', help: 'Delivery, website and app conversions' },
		{ value: 'delivery', label: 'Delivery', help: 'Sent, delivered, read, clicks, rates and cost' },
		{ value: 'website', label: 'Website Conversions', help: 'Purchases, carts, leads, … from the Pixel or Conversions API' },
		{ value: 'app', label: 'App Conversions', help: 'From the Meta SDK (Android), the Conversions API or an MMP' },
	],
	help: 'Which metrics to read. Conversions need the click ID Meta adds to the template\'s URLs to reach your Pixel, SDK or Conversions API.',
	schema: oneOf(['all', 'delivery', 'website', 'app'] as const).default('all'),
};

export const getMarketingMetrics = defineOperation<MetricsParams>({
	operation: 'getMarketingMetrics',
	label: 'Get Marketing Message Metrics',
	action: 'Get a marketing template\'s metrics and conversions',
	help: 'Reads a marketing template\'s Marketing Messages API metrics: deliveries, reads, clicks, spend and the website and app conversions they led to; one item for the period, or one per day. Needs ads_read.',
	params: { ...marketingInsightParams, metrics: metricsParam, daily: booleanParam('Daily', 'Whether to give one item per day instead of one for the whole period.') },
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	run: async (params, context, send) => {
		const entity = await adEntityOf(send, params, context.account.wabaId);
		const fields = params.metrics === 'all' ? Object.values(METRIC_SETS).flat() : METRIC_SETS[params.metrics];
		const rows = await insights(send, entity.id, fields, params, params.daily);
		return rows.map((row) => ({ templateId: params.templateId, templateName: entity.name, level: params.level, entityId: entity.id, ...row }));
	},
});
