import type { GraphRequest } from '../../../graph/client';
import { ValidationError } from '../../../graph/errors';
import { numericId } from '../../../validation/rules';
import { oneOf } from '../../support/fields';
import type { Pacing, ParamSpec } from '../../types';

/**
 * Marketing Messages API metrics (Meta's "Viewing metrics" and "Setting up conversion
 * measurement" pages): onboarding links each MARKETING template to read-only ad entities, whose
 * Marketing API Insights (`GET /{ad|adset|campaign-id}/insights`, permission ads_read) report the
 * template's deliveries, reads, clicks, conversions and the benchmarks of similar businesses.
 */

type Send = (request: GraphRequest, pacing?: Pacing<unknown>) => Promise<unknown>;

export const levels = ['ad', 'adset', 'campaign'] as const;
export type Level = (typeof levels)[number];

/** Marketing API date presets that suit a template's reports. */
const presets = ['last_7d', 'last_14d', 'last_30d', 'last_90d', 'this_month', 'last_month', 'maximum'] as const;
const presetLabels: Record<(typeof presets)[number], string> = {
	last_7d: 'Last 7 Days',
	last_14d: 'Last 14 Days',
	last_30d: 'Last 30 Days',
	last_90d: 'Last 90 Days',
	this_month: 'This Month',
	last_month: 'Last Month',
	maximum: 'Since the Start',
};

export interface MarketingInsightParams {
	templateId: string;
	level: Level;
	datePreset: (typeof presets)[number];
}

export const marketingInsightParams = {
	templateId: {
		label: 'Template ID',
		type: 'string',
		required: true,
		help: 'The MARKETING template (from Template > Get Many), of a WABA onboarded to the Marketing Messages API.',
		placeholder: '594425479261599',
		schema: numericId,
	},
	level: {
		label: 'Level',
		type: 'options',
		default: 'ad',
		options: [
			{ value: 'ad', label: 'Template (Ad)', help: 'This template alone' },
			{ value: 'adset', label: 'Ad Set', help: 'The ad set the template belongs to' },
			{ value: 'campaign', label: 'Campaign', help: 'The campaign the template belongs to' },
		],
		help: 'Which of the template\'s ad entities to report on.',
		schema: oneOf(levels).default('ad'),
	},
	datePreset: {
		label: 'Period',
		type: 'options',
		default: 'last_30d',
		options: presets.map((preset) => ({ value: preset, label: presetLabels[preset] })),
		help: 'The period of the report. Metrics lag up to 2 days; benchmarks are the 75th percentile of similar businesses over 30 days.',
		schema: oneOf(presets).default('last_30d'),
	},
} satisfies { [K in keyof MarketingInsightParams]: ParamSpec<MarketingInsightParams[K]> };

interface AdEntities {
	name?: string;
	category?: string;
	ad_id?: string;
	ad_adset_id?: string;
	ad_campaign_id?: string;
}

/** The template's ad entity of this level (a read of the template: the WABA's budget). */
export async function adEntityOf(send: Send, params: MarketingInsightParams, wabaId: string) {
	const request: GraphRequest = { method: 'GET', path: params.templateId, query: { fields: 'name,category,ad_id,ad_adset_id,ad_campaign_id' } };
	const template = (await send(request, { kind: 'management', waba: () => wabaId })) as AdEntities;
	const id = { ad: template.ad_id, adset: template.ad_adset_id, campaign: template.ad_campaign_id }[params.level];
	if (!id) {
		throw new ValidationError(
			'Template ID (templateId)',
			`template ${template.name ?? params.templateId} (${template.category ?? 'no category'}) has no ad entities: only MARKETING templates of a WABA onboarded to the Marketing Messages API have them, about 10 minutes after creation`,
		);
	}
	return { id, name: template.name };
}

/**
 * GET /{entity-id}/insights with these fields: a Marketing API call, counted against no WABA's
 * budget. Meta gives the values as strings (rates may pass 100); they stay as Meta gives them.
 */
export async function insights(send: Send, entityId: string, fields: string[], params: MarketingInsightParams, daily = false) {
	const query = { fields: fields.join(','), date_preset: params.datePreset, ...(daily ? { time_increment: 1 } : {}) };
	const answer = (await send({ method: 'GET', path: `${entityId}/insights`, query }, { kind: 'none' })) as { data?: Array<Record<string, unknown>> };
	return answer.data ?? [];
}
