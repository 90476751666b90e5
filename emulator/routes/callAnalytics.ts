import type { EmulatedCall } from '../calls';
import { invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';
import { buckets, toSeconds } from './analyticsPeriods';

/**
 * `call_analytics` of `GET /{waba-id}` (Meta's Analytics page), computed from the calls the
 * emulator saw, so a report can be checked against the calls a test made.
 */

const DAY_S = 86_400;
const GRANULARITIES = ['HALF_HOUR', 'DAILY', 'MONTHLY'];
const FILTERS = ['start', 'end', 'granularity', 'phone_numbers', 'country_codes', 'directions', 'dimensions', 'metric_types'];
const DIRECTIONS = ['USER_INITIATED', 'BUSINESS_INITIATED'];
const DIMENSIONS = ['PHONE', 'DIRECTION', 'COUNTRY'];
const METRICS = ['COUNT', 'COST', 'AVERAGE_DURATION'];
/** Emulated price per started 6-second pulse of a business-initiated call (USD), so cost follows duration. */
const PRICE_PER_PULSE = 0.0015;
/** The user's country from the calling code, longest prefix first; enough for the emulated users. */
const COUNTRIES: Array<[string, string]> = [['234', 'NG'], ['20', 'EG'], ['44', 'GB'], ['49', 'DE'], ['55', 'BR'], ['84', 'VN'], ['91', 'IN'], ['1', 'US']];

const countryOf = (waId: string) => COUNTRIES.find(([code]) => waId.startsWith(code))?.[1] ?? 'ZZ';

function enumList(filters: Map<string, string[]>, key: string, allowed: string[]): string[] | undefined {
	const values = filters.get(key)?.map((v) => v.toUpperCase());
	for (const value of values ?? []) if (!allowed.includes(value)) throw invalidParameter(`call_analytics: ${key} value ${value} must be one of {${allowed.join(', ')}}.`);
	return values;
}

export function callAnalytics(emulator: GraphEmulator, filters: Map<string, string[]>) {
	const { state } = emulator;
	for (const key of filters.keys()) if (!FILTERS.includes(key)) throw invalidParameter(`The ${key} filter is not supported for call_analytics.`);
	const start = toSeconds(filters.get('start')?.[0], 'start', false);
	const end = toSeconds(filters.get('end')?.[0], 'end', false);
	const granularity = filters.get('granularity')?.[0];
	if (!granularity || !GRANULARITIES.includes(granularity)) throw invalidParameter(`call_analytics: granularity must be one of {${GRANULARITIES.join(', ')}}.`);
	if (end <= start) throw invalidParameter('call_analytics: end must be after start.');
	if (start < Math.floor(emulator.clock.now() / 1000) - 365 * DAY_S) throw invalidParameter('call_analytics: start may be at most 365 days back.');
	const directions = enumList(filters, 'directions', DIRECTIONS);
	const dimensions = enumList(filters, 'dimensions', DIMENSIONS) ?? [];
	const metrics = enumList(filters, 'metric_types', METRICS);
	const phones = filters.get('phone_numbers');
	const countries = filters.get('country_codes')?.map((c) => c.toUpperCase());
	const display = (call: EmulatedCall) => state.phoneNumbers.get(call.phoneNumberId)?.display_phone_number ?? '';
	const duration = (call: EmulatedCall) => (call.answeredAt ? Math.round(((call.endedAt ?? emulator.clock.now()) - call.answeredAt) / 1000) : 0);
	const cost = (call: EmulatedCall) => (call.direction === 'BUSINESS_INITIATED' ? Math.ceil(duration(call) / 6) * PRICE_PER_PULSE : 0);

	const calls = [...state.calls.calls.values()].filter(
		(call) =>
			(!phones?.length || phones.includes(display(call))) &&
			(!countries?.length || countries.includes(countryOf(call.waId))) &&
			(!directions?.length || directions.includes(call.direction)),
	);
	const keysOf = (call: EmulatedCall): Record<string, string> => {
		const all: Record<string, string> = { PHONE: display(call), DIRECTION: call.direction, COUNTRY: countryOf(call.waId) };
		return Object.fromEntries(dimensions.map((d) => [d === 'PHONE' ? 'phone_number' : d.toLowerCase(), all[d]]));
	};
	const figures = (group: EmulatedCall[]) => {
		const answered = group.filter((call) => call.answeredAt);
		const values: Record<string, number> = {
			count: group.length,
			cost: Math.round(group.reduce((sum, call) => sum + cost(call), 0) * 100_000) / 100_000,
			average_duration: answered.length ? Math.round(answered.reduce((sum, call) => sum + duration(call), 0) / answered.length) : 0,
		};
		// Empty metric_types means all.
		return Object.fromEntries(Object.entries(values).filter(([name]) => !metrics?.length || metrics.includes(name.toUpperCase())));
	};

	const points: Array<Record<string, unknown>> = [];
	for (const period of buckets(start, end, granularity)) {
		const inPeriod = calls.filter((call) => call.startedAt / 1000 >= period.start && call.startedAt / 1000 < period.end);
		if (!dimensions.length) {
			points.push({ ...period, ...figures(inPeriod) });
			continue;
		}
		const groups = new Map<string, { keys: Record<string, string>; calls: EmulatedCall[] }>();
		for (const call of inPeriod) {
			const keys = keysOf(call);
			const id = JSON.stringify(keys);
			groups.set(id, { keys, calls: [...(groups.get(id)?.calls ?? []), call] });
		}
		for (const group of groups.values()) points.push({ ...period, ...group.keys, ...figures(group.calls) });
	}
	return { granularity, ...(directions?.length ? { directions: directions.join(',') } : {}), data_points: points };
}
