import type { AccountSettings } from '../credentials';
import type { GraphClient, GraphRequest } from '../graph/client';
import type { Pacing } from '../catalog/types';
import type { PacedCall, Pacer, PacingInfo } from './pacer';
import { pacingSettings } from './registry';
import { isAutoThroughput, throughputOf } from './throughputLevel';

/** What run.ts needs to pace one call. */
export interface PacingContext {
	account: AccountSettings;
	pacer?: Pacer;
	/** Reads the number's throughput level when the account says `auto`. */
	client?: GraphClient;
	onPacing?: (pacing: PacingInfo) => void;
}

/**
 * Sends a catalog operation's request through the pacer, as its `pacing` declares: the number
 * and recipient of a message, the WABA of a management call. Without a pacer it just sends.
 */
export async function paced<T, P>(pacing: Pacing<P>, params: P, request: GraphRequest, context: PacingContext, send: () => Promise<T>): Promise<T> {
	if (!context.pacer) return send();
	// The object the path starts with: the sending phone number, or the WABA.
	const owner = request.path.replace(/^\/+/, '').split('/')[0];
	const repeatable = request.method === 'GET';
	const call: PacedCall =
		pacing.kind === 'message'
			? { kind: 'message', phoneNumberId: owner, recipient: String(pacing.recipient(params) ?? '') }
			: pacing.kind === 'management'
				? { kind: 'management', wabaId: owner, repeatable }
				: pacing.kind === 'lookup'
					? { kind: 'lookup', phoneNumberId: owner, perSecond: pacing.perSecond, what: pacing.what, repeatable }
					: { kind: 'none', repeatable };
	const settings = pacingSettings(context.account);
	if (call.kind === 'message' && context.client && isAutoThroughput(settings.throughput))
		settings.throughput = await throughputOf(context.client, call.phoneNumberId, Date.now());
	const { result, pacing: info } = await context.pacer.run(call, send, settings);
	context.onPacing?.(info);
	return result;
}
