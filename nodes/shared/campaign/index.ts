import type { GraphRequest } from '../graph/client';
import { GraphApiError, ValidationError } from '../graph/errors';
import { managementOf, pacedRequest } from '../run/paced';
import type { PacingContext } from '../run/context';
import { admit, messageOf } from './guard';
import { CampaignRefusal } from './refusal';
import { campaignFor } from './registry';

export { CampaignRefusal } from './refusal';
export { campaignFor } from './registry';

type Send = (request: GraphRequest, ...rest: never[]) => Promise<unknown>;

/** The campaign key of a send (its biz_opaque_callback_data), when it has a valid one. */
export function campaignKeyOf(values: Record<string, unknown>): string | undefined {
	const key = typeof values.campaign === 'string' ? values.campaign.trim() : '';
	return key && key.length <= 512 ? key : undefined;
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
		const admission = await admit(message, { state, account: context.account, lookup });
		const campaign = campaignKeyOf(values);
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

/** Counts a send of a campaign refused before any request: by the guard's reason, or as invalid input. */
export async function countRefusals<T>(values: Record<string, unknown>, context: PacingContext, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const campaign = campaignKeyOf(values);
		const reason = error instanceof CampaignRefusal ? error.reason : error instanceof ValidationError ? 'validation' : undefined;
		if (campaign && reason) await campaignFor(context.account).store.count(campaign, `refused.${reason}`);
		throw error;
	}
}
