import { groupedAnalytics } from './support/grouped';

export const getPricingAnalytics = groupedAnalytics({
	field: 'pricing_analytics',
	operation: 'getPricing',
	label: 'Get Pricing Analytics',
	action: 'Get pricing analytics',
	help: 'Volume and cost of billed messages per period (per-message pricing), one item per data point. Up to 1 year back.',
	dimensions: ['PRICING_CATEGORY', 'PRICING_TYPE', 'COUNTRY', 'PHONE', 'TIER'],
});
