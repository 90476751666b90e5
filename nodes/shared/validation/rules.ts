import { z } from 'zod';
import { LIMITS } from './limits';

/** Formats a count the way the error messages quote limits: 4,096. */
export const fmt = (n: number) => n.toLocaleString('en-US');

/** Text of `min` to `max` characters; the message names the limit and what was given. */
export function text(min: number, max: number) {
	return z.string({ invalid_type_error: 'must be text' }).superRefine((value, ctx) => {
		if (value.length < min) {
			ctx.addIssue({
				code: 'custom',
				message: min === 1 ? 'must not be empty' : `must be at least ${fmt(min)} characters, got ${fmt(value.length)}`,
			});
		} else if (value.length > max) {
			ctx.addIssue({ code: 'custom', message: `must be at most ${fmt(max)} characters, got ${fmt(value.length)}` });
		}
	});
}

/**
 * A recipient phone number in international format, normalised to `+` and digits. Accepts what
 * people type (`+1 (650) 555-1234`, `0049 30 1234567`) and refuses what cannot be one.
 */
export const phoneNumber = z.string({ invalid_type_error: 'must be a phone number' }).transform((raw, ctx) => {
	const trimmed = raw.trim();
	let digits = trimmed.replace(/[\s\-().]/g, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	else if (digits.startsWith('00')) digits = digits.slice(2);
	else if (digits.startsWith('0')) {
		ctx.addIssue({
			code: 'custom',
			message: `"${trimmed}" looks like a national number: write it with its country code, e.g. +49 30 1234567`,
		});
		return z.NEVER;
	}
	if (!/^[1-9]\d*$/.test(digits)) {
		ctx.addIssue({
			code: 'custom',
			message: `"${trimmed}" is not a phone number: use digits with the country code, e.g. +16505551234`,
		});
		return z.NEVER;
	}
	if (digits.length < LIMITS.phoneDigitsMin || digits.length > LIMITS.phoneDigitsMax) {
		ctx.addIssue({
			code: 'custom',
			message: `"${trimmed}" has ${digits.length} digits; an international number has ${LIMITS.phoneDigitsMin} to ${LIMITS.phoneDigitsMax} with the country code`,
		});
		return z.NEVER;
	}
	return `+${digits}`;
});

/** A Graph object id: digits only (phone number, WABA, media, template ids). */
export const numericId = z
	.string({ invalid_type_error: 'must be an ID' })
	.trim()
	.refine((value) => /^\d{1,32}$/.test(value), { message: 'must be a numeric ID' });

/** A WhatsApp message id (`wamid.…`). */
export const messageId = z
	.string()
	.trim()
	.refine((value) => /^wamid\.[A-Za-z0-9_=+/.-]{4,}$/.test(value), { message: 'must be a WhatsApp message ID (wamid.…)' });

/** A group ID: an opaque base64-looking string, never a number. */
export const groupId = z
	.string({ invalid_type_error: 'must be a group ID' })
	.trim()
	.refine((value) => /^[A-Za-z0-9+/=_-]{8,256}$/.test(value), {
		message: 'must be a group ID: letters, digits and + / = _ - (as the group webhook or Group > Get Many gives it, e.g. Y2FwaV9ncm91cDox…)',
	});
