import { invalidParameter } from '../graphError';

const DAY_S = 86_400;

/** The time filters of an analytics field, in seconds (Meta's start and end filters). */
export const toSeconds = (value: string | undefined, what: string, allowDate: boolean) => {
	if (value === undefined) throw invalidParameter(`The ${what} filter is required.`);
	if (/^\d+$/.test(value)) return Number(value);
	if (allowDate && /^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`) / 1000;
	throw invalidParameter(`${what} must be a UNIX timestamp in seconds${allowDate ? ' or YYYY-MM-DD' : ''}, got "${value}".`);
};

/** Period starts from `start` to `end`, aligned as Meta aligns them (UTC days and months). */
export function buckets(start: number, end: number, granularity: string): Array<{ start: number; end: number }> {
	const next = (t: number) => {
		if (granularity === 'HALF_HOUR') return t + 1800;
		if (granularity === 'DAY' || granularity === 'DAILY') return t + DAY_S;
		const d = new Date(t * 1000);
		return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
	};
	const align = (t: number) => {
		if (granularity === 'HALF_HOUR') return t - (t % 1800);
		if (granularity === 'DAY' || granularity === 'DAILY') return t - (t % DAY_S);
		const d = new Date(t * 1000);
		return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
	};
	const list = [];
	for (let t = align(start); t < end; t = next(t)) list.push({ start: t, end: next(t) });
	return list;
}
