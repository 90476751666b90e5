import { z } from 'zod';
import { ValidationError } from '../../../graph/errors';
import { LIMITS } from '../../../validation/limits';
import { numericId } from '../../../validation/rules';
import { listOf, oneOf } from '../../support/fields';
import { wabaParam } from '../../support/managementParams';
import type { ParamOption, ParamSpec } from '../../types';

/** The date range and granularity every report takes, and the windows the platform refuses. */

const DAY_S = 86_400;

/** A date (2026-11-01), a date and time (ISO 8601) or UNIX seconds, as UNIX seconds. */
const unixSeconds = z.union([z.string(), z.number(), z.date()], { invalid_type_error: 'must be a date' }).transform((value, ctx) => {
	const ms = typeof value === 'number' ? value * 1000 : new Date(value).getTime();
	if (Number.isNaN(ms)) {
		ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a date: use 2026-11-01 or 2026-11-01T09:30:00Z` });
		return z.NEVER;
	}
	return Math.floor(ms / 1000);
});

export interface WindowParams {
	wabaId: string;
	start: number;
	end: number;
}

export const windowParams = {
	wabaId: wabaParam,
	start: { label: 'Start', type: 'dateTime', required: true, help: 'The first moment of the report (UTC unless a time zone is given).', placeholder: '2026-11-01', schema: unixSeconds },
	end: { label: 'End', type: 'dateTime', required: true, help: 'The end of the report, after Start.', placeholder: '2026-11-30', schema: unixSeconds },
} satisfies Record<string, ParamSpec<unknown>>;

export const granularityParam = <T extends string>(values: readonly T[], labels: ParamOption[]): ParamSpec<T> => ({
	label: 'Granularity',
	type: 'options',
	default: values[0],
	options: labels,
	help: 'One data point per period.',
	schema: oneOf(values).default(values[0] as never),
});

/** The granularity of the reports that spell it DAILY / MONTHLY (pricing, conversation, call). */
export const dailyGranularities = ['DAILY', 'MONTHLY', 'HALF_HOUR'] as const;
export const dailyGranularityParam = granularityParam(dailyGranularities, [
	{ value: 'DAILY', label: 'Day' },
	{ value: 'MONTHLY', label: 'Month' },
	{ value: 'HALF_HOUR', label: 'Half Hour' },
]);

export const phoneNumbersParam: ParamSpec<string[] | undefined> = {
	label: 'Phone Numbers',
	type: 'string',
	help: 'Optional: only these business numbers, as displayed (15550783881), comma-separated. Empty: all.',
	placeholder: '15550783881, 15550783882',
	schema: listOf(z.string().regex(/^\d{7,15}$/, 'phone numbers must be digits with the country code, e.g. 15550783881')).optional(),
};

export const templateIdsParam: ParamSpec<string[]> = {
	label: 'Template IDs',
	type: 'string',
	required: true,
	help: `1 to ${LIMITS.templateAnalyticsIds} template IDs, comma-separated.`,
	placeholder: '594425479261596, 594425479261597',
	schema: listOf(numericId).refine((ids) => ids.length >= 1 && ids.length <= LIMITS.templateAnalyticsIds, (ids) => ({
		message: `must hold 1 to ${LIMITS.templateAnalyticsIds} template IDs, got ${ids.length}`,
	})),
};

/** Refuses what the platform refuses: an empty range, or a start beyond the lookback window. */
export function checkWindow(params: WindowParams, now: number, lookbackDays: number) {
	if (params.end <= params.start) throw new ValidationError('End (end)', `must be after Start (${iso(params.start)}), got ${iso(params.end)}`);
	const earliest = Math.floor(now / 1000) - lookbackDays * DAY_S;
	if (params.start < earliest) {
		throw new ValidationError('Start (start)', `must be within the last ${lookbackDays} days (not before ${iso(earliest)}), got ${iso(params.start)}`);
	}
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A Graph array filter inside `fields`: `.phone_numbers(["1","2"])`, nothing when empty. */
export const filter = (name: string, values: readonly string[] | undefined, quote = true) =>
	values?.length ? `.${name}([${values.map((v) => (quote ? JSON.stringify(v) : v)).join(',')}])` : '';

/** One item per data point, with ISO timestamps and the other keys as Graph named them. */
export function dataPoints(points: unknown, extra: Record<string, unknown> = {}): Array<Record<string, unknown>> {
	return ((points as Array<Record<string, unknown>> | undefined) ?? []).map(({ start, end, ...rest }) => ({
		start: iso(Number(start)),
		end: iso(Number(end)),
		...extra,
		...rest,
	}));
}

export const lookback = { year: LIMITS.analyticsLookbackDays, templates: LIMITS.templateAnalyticsLookbackDays };
