import type { GraphRequest } from '../graph/client';
import { GraphApiError, ValidationError } from '../graph/errors';
import { managementOf, pacedRequest } from '../run/paced';
import type { PacingContext } from '../run/context';
import { OutsideWindowError } from '../run/serviceWindow';
import { admit, messageOf } from './guard';
import { CampaignRefusal, type RefusalReason } from './refusal';
import type { CampaignState } from './registry';
import { campaignFor } from './registry';

export { CampaignRefusal } from './refusal';
export { campaignFor } from './registry';

type Send = (request: GraphRequest, ...rest: never[]) => Promise<unknown>;

const validKey = (value: unknown) => {
	const key = typeof value === 'string' ? value.trim() : '';
	return key && key.length <= 512 ? key : undefined;
};

/**
 * The campaign a send counts in: its Campaign Key (a template's biz_opaque_callback_data), or the
 * Tracking Data of a free-form send when it names a campaign already counted (the status webhooks
 * are matched by biz_opaque_callback_data the same way), so that follow-ups and their window
 * refusals join the campaign's report without every tracking value becoming a campaign.
 */
async function campaignOf(values: Record<string, unknown>, state: () => CampaignState): Promise<string | undefined> {
	const key = validKey(values.campaign);
	if (key) return key;
	const tracked = validKey(values.trackingData);
	return tracked && Object.keys(await state().store.counters(tracked)).length > 0 ? tracked : undefined;
}

/** Why a send was refused before any request, for the report: the guard's reason, invalid input or a closed window. */
function refusalOf(error: unknown): RefusalReason | undefined {
	if (error instanceof CampaignRefusal) return error.reason;
	if (error instanceof ValidationError) return 'validation';
	return error instanceof OutsideWindowError ? 'window' : undefined;
}

/** The tail of each user's line through the guard, by sender and recipient. */
const turns = new Map<string, Promise<void>>();

/**
 * Runs `step` once the user's earlier sends have passed the guard. The guard's reads take as many
 * turns as its decisions need (a store or Meta lookup for one message, none for the next), so
 * without a line a user's second message could reach the pacer, and the user, before the first.
 */
function inTurn<T>(line: string, step: () => Promise<T>): Promise<T> {
	const earlier = turns.get(line);
	const result = earlier ? earlier.then(step) : step();
	const passed = result.then(
		() => undefined,
		() => undefined,
	);
	turns.set(line, passed);
	void passed.then(() => turns.get(line) === passed && turns.delete(line));
	return result;
}

/**
 * The run path's hook: every message a run sends passes the campaign guard first, a user's
 * messages in the order they came, and a send with a campaign key is counted in its report
 * (sent, or failed at Meta by code).
 */
export function guardSends<S extends Send>(context: PacingContext, values: Record<string, unknown>, send: S): S {
	return (async (request: GraphRequest, ...rest: never[]) => {
		const message = messageOf(request);
		if (!message) return send(request, ...rest);
		const state = campaignFor(context.account);
		// The guard's reads are the account's management calls; their waits are not the message's to report.
		const lookup = <T>(read: GraphRequest) => pacedRequest<T>({ ...context, onPacing: undefined }, read, managementOf(context.account.wabaId));
		const { campaign, admission } = await inTurn(`${message.phoneNumberId}>${message.user}`, async () => ({
			campaign: await campaignOf(values, () => state),
			admission: await admit(message, { state, account: context.account, lookup }),
		}));
		try {
			const data = await send(request, ...rest);
			if (campaign) await state.store.count(campaign, 'sent');
			return data;
		} catch (error) {
			await admission.release();
			if (campaign && error instanceof GraphApiError) await state.store.count(campaign, `failedAtMeta.${error.code}`);
			throw error;
		}
	}) as S;
}

/** Counts a send of a campaign refused before any request: by the guard's reason, as invalid input, or outside the window. */
export async function countRefusals<T>(values: Record<string, unknown>, context: PacingContext, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const reason = refusalOf(error);
		if (!reason) throw error;
		const state = () => campaignFor(context.account);
		const campaign = await campaignOf(values, state);
		if (campaign) await state().store.count(campaign, `refused.${reason}`);
		throw error;
	}
}
