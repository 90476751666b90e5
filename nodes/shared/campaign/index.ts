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

/**
 * The run path's hook: every message a run sends passes the campaign guard first, and a send
 * with a campaign key is counted in its report (sent, or failed at Meta by code).
 */
export function guardSends<S extends Send>(context: PacingContext, values: Record<string, unknown>, send: S): S {
	return (async (request: GraphRequest, ...rest: never[]) => {
		const message = messageOf(request);
		if (!message) return send(request, ...rest);
		const state = campaignFor(context.account);
		// The guard's reads are the account's management calls; their waits are not the message's to report.
		const lookup = <T>(read: GraphRequest) => pacedRequest<T>({ ...context, onPacing: undefined }, read, managementOf(context.account.wabaId));
		const campaign = await campaignOf(values, () => state);
		const admission = await admit(message, { state, account: context.account, lookup });
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
