import { z } from 'zod';
import { campaignFor } from '../../../campaign';
import { userOf } from '../../../campaign/guard';
import type { GraphRequest } from '../../../graph/client';
import { GraphApiError } from '../../../graph/errors';
import type { RunContext } from '../../../run/context';
import { phoneNumberParam } from '../../support/managementParams';
import type { ParamSpec } from '../../types';

/** Meta's Block users page: at most 1,000 users a request. */
export const MAX_USERS = 1_000;

export interface BlockParams {
	phoneNumberId: string;
	users: string[];
}

const usersParam: ParamSpec<string[]> = {
	label: 'Users',
	type: 'text',
	required: true,
	help: `Phone numbers in international format, separated by commas or new lines (at most ${MAX_USERS}). Meta blocks only users who wrote in the last 24 hours.`,
	placeholder: '+16505551234',
	schema: z
		.union([z.string(), z.array(z.string())], { invalid_type_error: 'must be phone numbers separated by commas' })
		.transform((raw) => (Array.isArray(raw) ? raw : raw.split(/[,\n]/)).map((user) => user.trim()).filter(Boolean))
		.superRefine((users, ctx) => {
			if (users.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one user' });
			if (users.length > MAX_USERS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_USERS} users per request, got ${users.length}` });
			const bad = users.find((user) => !/^\+?[\d\s\-()]{7,20}$/.test(user));
			if (bad) ctx.addIssue({ code: 'custom', message: `"${bad}" is not a phone number in international format` });
		}),
};

export const blockParams = { phoneNumberId: phoneNumberParam, users: usersParam };

interface BlockAnswer {
	block_users?: { added_users?: Array<{ wa_id?: string }>; removed_users?: Array<{ wa_id?: string }>; failed_users?: unknown[] };
}

/** 139100 "Failed to block/unblock users" comes beside the lists of the users done and failed: those are the answer. */
function partly(error: unknown): BlockAnswer {
	if (error instanceof GraphApiError && error.code === 139100 && (error.answer as BlockAnswer | undefined)?.block_users) return error.answer as BlockAnswer;
	throw error;
}

/**
 * POST or DELETE /{phone-number-id}/block_users (Meta's Block users page); the users Meta took are
 * noted in the campaign store, so that the guard holds sends to them before any request.
 */
export async function changeBlocklist(block: boolean, params: BlockParams, context: RunContext, send: (request: GraphRequest) => Promise<unknown>) {
	const body = { messaging_product: 'whatsapp', block_users: params.users.map((user) => ({ user })) };
	const answer = (await send({ method: block ? 'POST' : 'DELETE', path: `${params.phoneNumberId}/block_users`, body }).catch(partly)) as BlockAnswer;
	const done = (block ? answer.block_users?.added_users : answer.block_users?.removed_users) ?? [];
	await campaignFor(context.account).store.setBlocked(params.phoneNumberId, done.map((user) => userOf(user.wa_id)).filter(Boolean), block);
	return { [block ? 'blocked' : 'unblocked']: done, failed: answer.block_users?.failed_users ?? [] };
}
