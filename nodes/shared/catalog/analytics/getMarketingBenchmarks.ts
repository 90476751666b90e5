import { defineOperation } from '../types';
import { adEntityOf, insights, marketingInsightParams, type MarketingInsightParams } from './support/marketing';

/** The template's rates and the benchmarks of similar businesses (country, industry, category; 30 days, 75th percentile). */
const FIELDS = ['marketing_messages_read_rate', 'marketing_messages_read_rate_benchmark', 'marketing_messages_link_btn_click_rate', 'marketing_messages_click_rate_benchmark'];

/** Whether a rate is under its benchmark, when Meta gives both. */
const below = (rate: unknown, benchmark: unknown) => (rate === undefined || benchmark === undefined ? undefined : Number(rate) < Number(benchmark));

export const getMarketingBenchmarks = defineOperation<MarketingInsightParams>({
	operation: 'getMarketingBenchmarks',
	label: 'Get Marketing Benchmarks',
	action: 'Get a marketing template\'s benchmarks',
	help: 'Compares a marketing template\'s read and click rates with the benchmarks of similar businesses (Marketing Messages API), and says which rate is below its benchmark. Needs ads_read.',
	notice: 'Meta shows its recommendations for a template in WhatsApp Manager only; the API gives the rates and benchmarks compared here.',
	params: marketingInsightParams,
	pacing: { kind: 'management', waba: (_params, account) => account.wabaId },
	run: async (params, context, send) => {
		const entity = await adEntityOf(send, params, context.account.wabaId);
		const [row = {}] = await insights(send, entity.id, FIELDS, params);
		return {
			templateId: params.templateId,
			templateName: entity.name,
			level: params.level,
			entityId: entity.id,
			readRate: row.marketing_messages_read_rate,
			readRateBenchmark: row.marketing_messages_read_rate_benchmark,
			readRateBelowBenchmark: below(row.marketing_messages_read_rate, row.marketing_messages_read_rate_benchmark),
			clickRate: row.marketing_messages_link_btn_click_rate,
			clickRateBenchmark: row.marketing_messages_click_rate_benchmark,
			clickRateBelowBenchmark: below(row.marketing_messages_link_btn_click_rate, row.marketing_messages_click_rate_benchmark),
			dateStart: row.date_start,
			dateStop: row.date_stop,
		};
	},
});
