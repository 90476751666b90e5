import { z } from 'zod';
import { ValidationError } from '../../../graph/errors';
import { LIMITS } from '../../../validation/limits';
import { fmt } from '../../../validation/rules';
import { jsonOf, oneOf } from '../../support/fields';

/** The JSON parts of the calling settings, checked as Meta's Configure call settings page says Meta checks them. */

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const onOff = oneOf(['ENABLED', 'DISABLED'] as const);
const hhmm = z.string({ invalid_type_error: 'must be a time as "HHMM"' }).regex(/^([01]\d|2[0-3])[0-5]\d$/, 'must be a time as "HHMM" (0000 to 2359)');
const isoDate = z
	.string({ invalid_type_error: 'must be a date as "YYYY-MM-DD"' })
	.refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { message: 'must be a date as "YYYY-MM-DD"' });

const isTimeZone = (zone: string) => {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
};

const range = <S extends 'open_time' | 'start_time', E extends 'close_time' | 'end_time'>(start: S, end: E) =>
	(value: Record<S | E, string>, ctx: z.RefinementCtx) => {
		if (value[start] >= value[end]) ctx.addIssue({ code: 'custom', path: [end], message: `must be after ${start} (${value[start]}), got ${value[end]}` });
	};

const weeklyEntry = z.object({ day_of_week: oneOf(DAYS), open_time: hhmm, close_time: hhmm }).strict().superRefine(range('open_time', 'close_time'));
const holiday = z.object({ date: isoDate, start_time: hhmm, end_time: hhmm }).strict().superRefine(range('start_time', 'end_time'));

const callHoursObject = z
	.object(
		{
			status: onOff,
			timezone_id: z.string({ required_error: 'is required' }).refine(isTimeZone, (zone) => ({ message: `"${zone}" is not a time zone: use an IANA name such as America/Manaus` })),
			weekly_operating_hours: z.array(weeklyEntry, { required_error: 'is required' }).min(1, 'needs at least one entry'),
			holiday_schedule: z
				.array(holiday)
				.max(LIMITS.callHolidays, `may hold at most ${LIMITS.callHolidays} holidays`)
				.optional(),
		},
		{ invalid_type_error: 'must be a JSON object' },
	)
	.strict()
	.superRefine((hours, ctx) => {
		const byDay = new Map<string, Array<{ open: string; close: string; index: number }>>();
		hours.weekly_operating_hours.forEach((entry, index) => {
			byDay.set(entry.day_of_week, [...(byDay.get(entry.day_of_week) ?? []), { open: entry.open_time, close: entry.close_time, index }]);
		});
		for (const [day, entries] of byDay) {
			if (entries.length > LIMITS.callHoursPerDay) {
				ctx.addIssue({ code: 'custom', path: ['weekly_operating_hours'], message: `may hold at most ${LIMITS.callHoursPerDay} ranges per day, got ${entries.length} for ${day}` });
				continue;
			}
			const [a, b] = [...entries].sort((x, y) => x.open.localeCompare(y.open));
			if (b && b.open < a.close) ctx.addIssue({ code: 'custom', path: ['weekly_operating_hours', b.index], message: `overlaps ${day} ${a.open}-${a.close}` });
		}
	});

export type CallHours = z.infer<typeof callHoursObject>;
export const callHoursSchema = jsonOf(callHoursObject).optional();

/** Today's date in the call hours' time zone: Meta refuses holidays before it. */
export function checkHolidays(hours: CallHours | undefined, now: number, field: string) {
	if (!hours?.holiday_schedule) return;
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: hours.timezone_id, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
	hours.holiday_schedule.forEach((day, index) => {
		if (day.date < today) throw new ValidationError(`${field} (holiday_schedule.${index}.date)`, `must not be in the past (today in ${hours.timezone_id} is ${today}), got ${day.date}`);
	});
}

const voicemailObject = z
	.object(
		{
			status: onOff,
			triggers: z.array(oneOf(['REJECT', 'TIMEOUT'] as const)).optional(),
			audio: z
				.object({
					default: z
						.object({
							announcement_media_id: z.union([z.string().regex(/^\d+$/, 'must be a media ID (digits)'), z.number().int()]).optional(),
							timeout_seconds: z
								.number({ invalid_type_error: 'must be a number of seconds' })
								.int('must be a whole number')
								.min(0, `must be 0 to ${LIMITS.voicemailTimeoutMax} seconds`)
								.max(LIMITS.voicemailTimeoutMax, `must be 0 to ${LIMITS.voicemailTimeoutMax} seconds`)
								.optional(),
						})
						.strict()
						.optional(),
				})
				.strict()
				.optional(),
		},
		{ invalid_type_error: 'must be a JSON object' },
	)
	.strict()
	.superRefine((voicemail, ctx) => {
		const triggers = voicemail.triggers ?? [];
		if (voicemail.status === 'ENABLED' && triggers.length === 0) ctx.addIssue({ code: 'custom', path: ['triggers'], message: 'needs REJECT, TIMEOUT or both when voicemail is ENABLED' });
		if (new Set(triggers).size !== triggers.length) ctx.addIssue({ code: 'custom', path: ['triggers'], message: 'must not repeat a trigger' });
		if (triggers.includes('TIMEOUT') && voicemail.audio?.default?.timeout_seconds === undefined) {
			ctx.addIssue({ code: 'custom', path: ['audio', 'default', 'timeout_seconds'], message: `is required with the TIMEOUT trigger (0 to ${LIMITS.voicemailTimeoutMax} seconds)` });
		}
	});

export type Voicemail = z.infer<typeof voicemailObject>;
export const voicemailSchema = jsonOf(voicemailObject).optional();

const uriParam = z.string().max(LIMITS.sipUriParam, `must be at most ${LIMITS.sipUriParam} characters`);
const sipServer = z
	.object({
		hostname: z.string({ required_error: 'is required' }).regex(/^[A-Za-z0-9.-]+$/, 'must be a host name such as sip.example.com'),
		port: z.number({ invalid_type_error: 'must be a port number' }).int().min(1, 'must be 1 to 65535').max(65_535, 'must be 1 to 65535').optional(),
		request_uri_user_params: z
			.record(uriParam, uriParam)
			.refine((params) => Object.keys(params).every((key) => key.length <= LIMITS.sipUriParam), { message: `keys must be at most ${LIMITS.sipUriParam} characters` })
			.optional(),
	})
	.strict();

const sipObject = z
	.object(
		{
			status: onOff,
			webhook_delivery: onOff.optional(),
			servers: z
				.array(sipServer)
				.refine((servers) => servers.length <= LIMITS.sipServers, (servers) => ({ message: `may hold at most ${LIMITS.sipServers} server per number, got ${fmt(servers.length)}` }))
				.optional(),
		},
		{ invalid_type_error: 'must be a JSON object' },
	)
	.strict();

export type Sip = z.infer<typeof sipObject>;
export const sipSchema = jsonOf(sipObject).optional();
