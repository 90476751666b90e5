import { GraphError, invalidParameter } from '../graphError';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';
import type { SentMessage, Template } from '../state';
import { pickField, topLevel, wabaFields } from '../waba';
import { buckets, toSeconds } from './analyticsPeriods';
import { callAnalytics } from './callAnalytics';

/**
 * `GET /{waba-id}?fields=analytics.start(…)…` (Meta's Analytics page), computed from the
 * messages the emulator has really accepted, so a report can be checked against what was sent.
 */

type Point = Record<string, unknown> & { start: number; end: number };
type Filters = Map<string, string[]>;

const DAY_S = 86_400;
const GRANULARITIES: Record<string, string[]> = {
	analytics: ['HALF_HOUR', 'DAY', 'MONTH'],
	conversation_analytics: ['HALF_HOUR', 'DAILY', 'MONTHLY'],
	pricing_analytics: ['HALF_HOUR', 'DAILY', 'MONTHLY'],
	template_analytics: ['DAILY'],
};
const LOOKBACK_DAYS: Record<string, number> = { analytics: 365, conversation_analytics: 365, pricing_analytics: 365, template_analytics: 90 };
/** The filters each report understands here; others are refused rather than ignored. */
const FILTERS: Record<string, string[]> = {
	analytics: ['phone_numbers', 'product_types'],
	conversation_analytics: ['phone_numbers', 'dimensions', 'metric_types', 'conversation_categories'],
	pricing_analytics: ['phone_numbers', 'dimensions', 'metric_types', 'pricing_categories', 'pricing_types'],
	template_analytics: ['template_ids', 'metric_types', 'product_type'],
};
/** Emulated prices per message (USD), only so that cost figures follow volume. */
const PRICES: Record<string, number> = { MARKETING: 0.025, UTILITY: 0.004, AUTHENTICATION: 0.0135, SERVICE: 0 };

/** `analytics.start(1).phone_numbers(["155"])` → name and its filters as string lists. */
function parseField(field: string): { name: string; filters: Filters } {
	const name = /^[a-z_]+/.exec(field)?.[0] ?? '';
	const filters: Filters = new Map();
	const rest = field.slice(name.length);
	const pattern = /\.([a-z_]+)\(([^()]*)\)/gy;
	let match: RegExpExecArray | null;
	let consumed = 0;
	while ((match = pattern.exec(rest))) {
		const values = match[2].replace(/^\[|\]$/g, '').split(',').map((v) => v.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
		filters.set(match[1], values);
		consumed = pattern.lastIndex;
	}
	if (consumed !== rest.length) throw invalidParameter(`Syntax error in fields near "${rest.slice(consumed)}".`);
	return { name, filters };
}

export function registerAnalytics(emulator: GraphEmulator) {
	const { state } = emulator;
	const seconds = (m: SentMessage) => Math.floor(m.at / 1000);
	const failed = (m: SentMessage) => m.failed === true;
	const displayNumber = (m: SentMessage) => state.phoneNumbers.get(m.phoneNumberId)?.display_phone_number ?? '';
	const templateOf = (m: SentMessage): Template | undefined => {
		if (m.type !== 'template') return undefined;
		const sent = m.body.template as { name?: string; language?: { code?: string } } | undefined;
		return [...state.templates.values()].find((t) => t.name === sent?.name && t.language === sent?.language?.code);
	};
	const category = (m: SentMessage) => (m.type === 'template' ? (templateOf(m)?.category ?? 'MARKETING') : 'SERVICE');

	/** Messages of the window that pass the phone-number filter. */
	function messagesIn(point: { start: number; end: number }, filters: Filters) {
		const phones = filters.get('phone_numbers');
		return state.messages.filter((m) => seconds(m) >= point.start && seconds(m) < point.end && (!phones?.length || phones.includes(displayNumber(m))));
	}

	/** Checks the common filters and returns the window and its periods. */
	function window(name: string, filters: Filters) {
		for (const key of filters.keys()) {
			if (!['start', 'end', 'granularity', ...FILTERS[name]].includes(key)) throw invalidParameter(`The ${key} filter is not supported for ${name} here.`);
		}
		const start = toSeconds(filters.get('start')?.[0], 'start', name === 'template_analytics');
		const end = toSeconds(filters.get('end')?.[0], 'end', name === 'template_analytics');
		const granularity = filters.get('granularity')?.[0];
		if (!granularity || !GRANULARITIES[name].includes(granularity)) throw invalidParameter(`${name}: granularity must be one of {${GRANULARITIES[name].join(', ')}}.`);
		if (end <= start) throw invalidParameter(`${name}: end must be after start.`);
		const earliest = Math.floor(emulator.clock.now() / 1000) - LOOKBACK_DAYS[name] * DAY_S;
		if (start < earliest) throw invalidParameter(`${name}: start may be at most ${LOOKBACK_DAYS[name]} days back.`);
		return { start, end, granularity, periods: buckets(start, end, granularity) };
	}

	function messaging(filters: Filters) {
		const { granularity, periods } = window('analytics', filters);
		const types = filters.get('product_types');
		const points = periods.map((period) => {
			const sent = messagesIn(period, filters).filter((m) => !types?.length || types.includes(m.type === 'template' ? '0' : '2'));
			return { ...period, sent: sent.length, delivered: sent.filter((m) => !failed(m)).length };
		});
		const phones = filters.get('phone_numbers') ?? [...state.phoneNumbers.values()].map((n) => n.display_phone_number);
		return { phone_numbers: phones, granularity, data_points: points };
	}

	/** Pricing and (legacy) conversation reports: grouped by the requested dimensions. */
	function billing(name: 'pricing_analytics' | 'conversation_analytics', filters: Filters) {
		const { periods } = window(name, filters);
		const dimensions = filters.get('dimensions') ?? [];
		const allowed = name === 'pricing_analytics' ? ['PRICING_CATEGORY', 'PRICING_TYPE', 'PHONE'] : ['CONVERSATION_CATEGORY', 'CONVERSATION_DIRECTION', 'CONVERSATION_TYPE', 'PHONE'];
		for (const d of dimensions) if (!allowed.includes(d)) throw invalidParameter(`${name}: dimension ${d} must be one of {${allowed.join(', ')}} here.`);
		const categories = filters.get(name === 'pricing_analytics' ? 'pricing_categories' : 'conversation_categories');
		const keysOf = (m: SentMessage): Record<string, string> => {
			const all: Record<string, string> =
				name === 'pricing_analytics'
					? { PRICING_CATEGORY: category(m), PRICING_TYPE: m.type === 'template' ? 'REGULAR' : 'FREE_CUSTOMER_SERVICE', PHONE: displayNumber(m) }
					: { CONVERSATION_CATEGORY: category(m), CONVERSATION_DIRECTION: m.type === 'template' ? 'BUSINESS_INITIATED' : 'USER_INITIATED', CONVERSATION_TYPE: 'REGULAR', PHONE: displayNumber(m) };
			return Object.fromEntries(dimensions.map((d) => [d === 'PHONE' ? 'phone_number' : d.toLowerCase(), all[d]]));
		};
		const points: Point[] = [];
		for (const period of periods) {
			const groups = new Map<string, { keys: Record<string, string>; messages: SentMessage[] }>();
			for (const m of messagesIn(period, filters)) {
				if (categories?.length && !categories.includes(category(m))) continue;
				const keys = keysOf(m);
				const id = JSON.stringify(keys);
				groups.set(id, { keys, messages: [...(groups.get(id)?.messages ?? []), m] });
			}
			for (const { keys, messages } of groups.values()) {
				const cost = messages.reduce((sum, m) => sum + (m.type === 'template' ? PRICES[category(m)] : 0), 0);
				// A conversation: one per business number, user and category in the period.
				const count = name === 'pricing_analytics' ? { volume: messages.length } : { conversation: new Set(messages.map((m) => `${m.phoneNumberId}:${m.to}:${category(m)}`)).size };
				points.push({ ...period, ...keys, ...count, cost: Math.round(cost * 10_000) / 10_000 });
			}
		}
		return { data: [{ data_points: points }] };
	}

	function templates(filters: Filters) {
		if (!state.insightsEnabled) throw new GraphError(200007, 'Template insights are not enabled', 'Enable them with POST /{waba-id}?is_enabled_for_insights=true.');
		const { periods } = window('template_analytics', filters);
		const ids = filters.get('template_ids') ?? [];
		if (ids.length === 0 || ids.length > 10) throw invalidParameter(`template_analytics: template_ids must hold 1 to 10 IDs, got ${ids.length}.`);
		for (const id of ids) if (!state.templates.has(id)) throw invalidParameter(`template_analytics: template ${id} does not exist in this WABA.`);
		const metrics = (filters.get('metric_types') ?? ['SENT', 'DELIVERED', 'READ', 'CLICKED']).map((m) => m.toUpperCase());
		const points = ids.flatMap((id) =>
			periods.map((period) => {
				const sent = messagesIn(period, filters).filter((m) => templateOf(m)?.id === id);
				const delivered = sent.filter((m) => !failed(m)).length;
				// Status webhooks go sent → delivered → read, so every delivered message counts as read; nobody clicks.
				const values: Record<string, unknown> = { SENT: sent.length, DELIVERED: delivered, READ: delivered, CLICKED: [] };
				return { template_id: id, ...period, ...Object.fromEntries(metrics.filter((m) => m in values).map((m) => [m.toLowerCase(), values[m]])) };
			}),
		);
		return { data: [{ granularity: 'DAILY', product_type: 'cloud_api', data_points: points }], paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } };
	}

	emulator.route('GET', /^\/(\d+)$/, ([, id], req) => {
		if (id !== state.wabaId) return NEXT_ROUTE;
		const answer: Record<string, unknown> = { id };
		for (const field of topLevel(req.query.fields ?? 'id,name')) {
			// A field with its sub-fields (owner_business_info{name}) is the WABA's own, never a report.
			const { name, filters } = field.includes('{') ? { name: '', filters: new Map() } : parseField(field);
			if (name === 'analytics') answer.analytics = messaging(filters);
			else if (name === 'pricing_analytics' || name === 'conversation_analytics') answer[name] = billing(name, filters);
			else if (name === 'template_analytics') answer.template_analytics = templates(filters);
			else if (name === 'call_analytics') answer.call_analytics = callAnalytics(emulator, filters);
			else if (name === 'is_enabled_for_insights') answer.is_enabled_for_insights = state.insightsEnabled;
			else {
				const [key, value] = pickField(wabaFields(state), field);
				answer[key] = value;
			}
		}
		return answer;
	});

	emulator.route('POST', /^\/(\d+)$/, ([, id], req) => {
		if (id !== state.wabaId) return NEXT_ROUTE;
		const enable = req.query.is_enabled_for_insights;
		if (enable === undefined) throw invalidParameter('This emulator accepts only is_enabled_for_insights on the WABA.');
		if (enable !== 'true') {
			if (state.insightsEnabled) throw new GraphError(200006, 'Template insights cannot be disabled');
			throw invalidParameter('Param is_enabled_for_insights must be true.');
		}
		state.insightsEnabled = true;
		return { id };
	});
}
