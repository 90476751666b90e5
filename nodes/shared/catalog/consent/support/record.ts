import { campaignFor } from '../../../campaign';
import type { ConsentRecord } from '../../../campaign/store';
import { userOf } from '../../../campaign/guard';
import type { RunContext } from '../../../run/context';
import { atParam, consentNumberParam, sourceParam, userParam, type RecordParams } from './params';

export const recordParams = { phoneNumberId: consentNumberParam, user: userParam, source: sourceParam, at: atParam };

/** Records an opt-in or opt-out in the account's campaign store; the output is the record. */
export async function recordConsent(status: ConsentRecord['status'], params: RecordParams, context: RunContext) {
	const record: ConsentRecord = { status, source: params.source, at: params.at ? Date.parse(params.at) : (context.now?.() ?? Date.now()) };
	const user = userOf(params.user);
	await campaignFor(context.account).store.setConsent(params.phoneNumberId, [[user, record]]);
	return consentOutput(user, record);
}

/** One record as the hosts output it: the time in ISO 8601. */
export const consentOutput = (user: string, record: ConsentRecord) => ({ user, status: record.status, source: record.source, at: new Date(record.at).toISOString() });
