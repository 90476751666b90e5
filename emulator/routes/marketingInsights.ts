import { invalidParameter } from '../graphError';
import { templatesOfEntity } from '../marketing';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';
import type { SentMessage, Template } from '../state';

/**
 * Marketing API Insights of a template's ad entities (Meta's "Viewing metrics" page):
 * `GET /{ad|adset|campaign-id}/insights?fields=marketing_messages_…&date_preset=…[&time_increment=1]`,
 * computed from the messages the emulator accepted through `/marketing_messages`. Values are
 * strings, as Meta gives them. Nobody clicks or converts in the emulator; the benchmarks are fixed.
 */

const DAY_MS = 86_400_000;
const CONVERSIONS = ['add_to_cart', 'initiate_checkout', 'purchase', 'purchase_values', 'complete_registration', 'add_to_wishlist', 'add_payment_info', 'search', 'view_content'];
const FIELDS = new Set([
	...['sent', 'delivered', 'read', 'link_btn_click', 'delivery_rate', 'read_rate', 'link_btn_click_rate', 'spend', 'cost_per_delivered', 'cost_per_link_btn_click'].map((f) => `marketing_messages_${f}`),
	...[...CONVERSIONS, 'lead', 'custom'].map((f) => `marketing_messages_website_${f}`),
	...[...CONVERSIONS, 'level_achieved', 'rate', 'tutorial_completion', 'other'].map((f) => `marketing_messages_app_${f}`),
	'marketing_messages_read_rate_benchmark',
	'marketing_messages_click_rate_benchmark',
]);
/** Marketing API date presets, as days back from today (0: today only), with the months computed apart. */
const PRESETS: Record<string, number> = { today: 0, yesterday: 1, last_3d: 3, last_7d: 7, last_14d: 14, last_28d: 28, last_30d: 30, last_90d: 90, maximum: 3650 };
const PRICE = 0.025;
const BENCHMARKS = { marketing_messages_read_rate_benchmark: '61.5', marketing_messages_click_rate_benchmark: '3.2' };

/** The [start, end) of a preset, in ms of UTC days. */
function range(preset: string, now: number): [number, number] {
	const today = Math.floor(now / DAY_MS) * DAY_MS;
	const date = new Date(today);
	if (preset === 'this_month') return [Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), today + DAY_MS];
	if (preset === 'last_month') return [Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1), Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)];
	if (!(preset in PRESETS)) throw invalidParameter(`Param date_preset must be one of {${[...Object.keys(PRESETS), 'this_month', 'last_month'].join(', ')}}.`);
	const days = PRESETS[preset];
	return days === 0 ? [today, today + DAY_MS] : [today - days * DAY_MS, preset === 'yesterday' ? today : today + DAY_MS];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const rate = (part: number, whole: number) => (whole ? ((part / whole) * 100).toFixed(6) : '0');

function row(fields: string[], messages: SentMessage[], start: number, end: number) {
	const sent = messages.length;
	const delivered = messages.filter((m) => !m.failed).length;
	const values: Record<string, string> = {
		marketing_messages_sent: String(sent),
		marketing_messages_delivered: String(delivered),
		// Status webhooks go sent → delivered → read: every delivered message is read.
		marketing_messages_read: String(delivered),
		marketing_messages_link_btn_click: '0',
		marketing_messages_delivery_rate: rate(delivered, sent),
		marketing_messages_read_rate: rate(delivered, delivered),
		marketing_messages_link_btn_click_rate: '0',
		marketing_messages_spend: (delivered * PRICE).toFixed(2),
		marketing_messages_cost_per_delivered: delivered ? PRICE.toFixed(3) : '0',
		marketing_messages_cost_per_link_btn_click: '0',
		...BENCHMARKS,
	};
	return { ...Object.fromEntries(fields.map((field) => [field, values[field] ?? '0'])), date_start: day(start), date_stop: day(end - DAY_MS) };
}

export function registerMarketingInsights(emulator: GraphEmulator) {
	emulator.route('GET', /^\/(\d+)\/insights$/, ([, id], req) => {
		const templates = templatesOfEntity(emulator.state, id);
		if (!templates) return NEXT_ROUTE;
		const fields = (req.query.fields ?? '').split(',').map((f) => f.trim()).filter(Boolean);
		const unknown = fields.find((field) => !FIELDS.has(field));
		if (fields.length === 0 || unknown) throw invalidParameter(unknown ? `${unknown} is not valid for fields param.` : 'Param fields is required.');
		const [start, end] = range(req.query.date_preset ?? 'last_30d', emulator.clock.now());
		const increment = req.query.time_increment;
		if (increment !== undefined && increment !== '1' && increment !== 'all_days') throw invalidParameter('Param time_increment must be 1 or all_days.');
		const names = new Set(templates.map((t: Template) => t.name));
		const messages = emulator.state.messages.filter((m) => m.marketing && names.has(String((m.body.template as { name?: string } | undefined)?.name)) && m.at >= start && m.at < end);
		if (increment !== '1') return { data: [row(fields, messages, start, end)], paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } };
		const days = [];
		for (let from = start; from < end; from += DAY_MS) days.push(row(fields, messages.filter((m) => m.at >= from && m.at < from + DAY_MS), from, from + DAY_MS));
		return { data: days, paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } };
	});
}
