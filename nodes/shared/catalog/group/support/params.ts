import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { fmt, groupId, phoneNumber, text } from '../../../validation/rules';
import { listOf } from '../../support/fields';
import type { ParamSpec } from '../../types';

/** Parameters and outputs the group operations share (Meta's Groups API pages). */

export const groupIdParam: ParamSpec<string> = {
	label: 'Group ID',
	type: 'string',
	required: true,
	help: 'The group\'s ID, from the group_create webhook or Group > Get Many. An opaque text such as Y2FwaV9ncm91cDox…, not a number.',
	placeholder: 'Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD',
	schema: groupId,
};

/** The subject as Meta stores it: trimmed, 1 to 128 characters. */
export const subjectRule = z.string({ invalid_type_error: 'must be text' }).trim().pipe(text(1, LIMITS.groupSubject));

export const descriptionRule = text(1, LIMITS.groupDescription);

/** A participant to remove: a phone number / wa_id (`user`) or a business-scoped user ID (`user_id`). */
export type Participant = { user: string } | { user_id: string };

const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]+$/;

const participant = z.string().transform((raw, ctx): Participant => {
	const value = raw.trim();
	if (BSUID.test(value)) return { user_id: value };
	const parsed = phoneNumber.safeParse(value);
	if (parsed.success) return { user: parsed.data.slice(1) };
	ctx.addIssue({ code: 'custom', message: `"${value}" is neither a phone number (+16505551234) nor a business-scoped user ID (US.13491208655302741918)` });
	return z.NEVER;
});

const key = (p: Participant) => ('user' in p ? p.user : p.user_id);

export const participantsRule = listOf(participant).superRefine((list, ctx) => {
	if (list.length < 1) ctx.addIssue({ code: 'custom', message: 'needs at least 1 participant' });
	if (list.length > LIMITS.groupRemoveMax)
		ctx.addIssue({ code: 'custom', message: `may hold at most ${LIMITS.groupRemoveMax} participants per request, got ${fmt(list.length)}` });
	const seen = new Set<string>();
	for (const p of list) {
		if (seen.has(key(p))) ctx.addIssue({ code: 'custom', message: `lists ${key(p)} twice; give each participant once` });
		seen.add(key(p));
	}
});

const joinRequestId = z.string().refine((v) => /^[A-Za-z0-9._=+/-]{1,256}$/.test(v), { message: 'each join request ID must be letters, digits and . _ = + / -' });

export const joinRequestIdsParam: ParamSpec<string[]> = {
	label: 'Join Request IDs',
	type: 'string',
	required: true,
	help: 'The join requests to handle, comma-separated, as Group > Get Join Requests or the group_join_request_created webhook gives them.',
	placeholder: '1234567890123456, 1234567890123457',
	schema: listOf(joinRequestId).superRefine((list, ctx) => {
		if (list.length < 1) ctx.addIssue({ code: 'custom', message: 'needs at least 1 join request ID' });
		const duplicate = list.find((id, i) => list.indexOf(id) !== i);
		if (duplicate) ctx.addIssue({ code: 'custom', message: `lists ${duplicate} twice; give each join request once` });
	}),
};

/** The answer of an asynchronous group call: its `request_id` comes back in the matching webhook. */
export function requestOutput(data: unknown) {
	const answer = data as { request_id?: string };
	return { requestId: answer.request_id, ...(data as object) };
}

export const ASYNC_NOTICE =
	'Meta applies this change asynchronously: the answer holds a request ID, and the outcome arrives later as a group webhook (WhatsApp Trigger) carrying the same request ID.';
