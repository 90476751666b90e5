import type { Pacing } from '../catalog/types';
import type { AccountSettings } from '../credentials';
import type { GraphRequest } from '../graph/client';
import type { HttpResponse } from '../graph/transport';
import { isAutoThroughput } from '../pacing/model';
import type { PacedCall, PacingKeys, PacingSettings } from '../pacing/pacer';
import type { PacingContext } from './context';
import { noteManagementResponse, setManagementBudget } from './managementBudget';
import { throughputOf } from './throughputLevel';

const NOT_COUNTED: PacingKeys = { kind: 'none' };

/** The keys of an operation's call, read from its parameters (and the account) as its `pacing` declares. */
export function keysOf<P>(pacing: Pacing<P>, params: P, account: AccountSettings): PacingKeys {
	switch (pacing.kind) {
		case 'message':
			return { kind: 'message', phoneNumberId: pacing.number(params), recipient: String(pacing.recipient(params) ?? '') };
		case 'management':
			return managementOf(pacing.waba(params, account));
		case 'lookup':
			return { kind: 'lookup', phoneNumberId: pacing.number(params), perSecond: pacing.perSecond, what: pacing.what };
		default:
			return NOT_COUNTED;
	}
}

/** A call counted against this WABA's hourly budget; counted nowhere when the WABA is unknown. */
export function managementOf(wabaId: string | undefined): PacingKeys {
	return wabaId ? { kind: 'management', wabaId } : NOT_COUNTED;
}

/**
 * One Graph request on the paced path, counted against the limits `keys` names. A GET may be
 * repeated. A management call tells the pacer what the platform said of the WABA's budget.
 */
export function pacedRequest<T = unknown>(context: PacingContext, request: GraphRequest, keys: PacingKeys): Promise<T> {
	if (keys.kind !== 'management') return paced(context, { ...keys, repeatable: request.method === 'GET' }, async () => (await context.client.request<T>(request)).data);
	setManagementBudget(context, keys.wabaId);
	return paced(context, { ...keys, repeatable: request.method === 'GET' }, async () => {
		const response = await context.client.request<T>(request);
		await noteManagementResponse(context, keys.wabaId, request, response);
		return response.data;
	});
}

/** A file from a media URL: counted against no limit, but retried and bounded by the Max Wait like any call. */
export function pacedDownload(context: PacingContext, url: string): Promise<HttpResponse> {
	return paced(context, { kind: 'none', repeatable: true }, () => context.client.download(url));
}

/**
 * Sends through the account's pacer with the account's settings; a message of an `auto` account
 * first learns its number's throughput. Without a pacer it just sends.
 */
export async function paced<T>(context: PacingContext, call: PacedCall, send: () => Promise<T>): Promise<T> {
	const { pacer, account } = context;
	if (call.kind === 'message' && context.guard) send = context.guard(send);
	if (!pacer) return send();
	const settings = pacingSettings(account);
	if (call.kind === 'message' && isAutoThroughput(settings.throughput)) settings.throughput = await throughputLevel(context, call.phoneNumberId);
	const { result, pacing } = await pacer.run(call, send, settings);
	context.onPacing?.(pacing);
	return result;
}

/** The account's pacing settings (credential or config node fields). */
function pacingSettings(account: Partial<AccountSettings>): PacingSettings {
	const seconds = Number(account.maxWaitSeconds);
	return {
		throughput: account.throughput,
		maxWaitMs: account.maxWaitSeconds && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined,
	};
}

/**
 * `GET /{phone-number-id}?fields=throughput`, on the paced path: a read of the number, which Meta
 * counts against the WABA's management budget. Its own wait is not the message's to report.
 */
function throughputLevel(context: PacingContext, phoneNumberId: string): Promise<number> {
	const lookLevel = async () => {
		const request: GraphRequest = { method: 'GET', path: phoneNumberId, query: { fields: 'throughput' } };
		const data = await pacedRequest<{ throughput?: { level?: string } }>({ ...context, onPacing: undefined }, request, managementOf(context.account.wabaId));
		return data.throughput?.level;
	};
	return throughputOf(`${context.client.baseUrl}\n${phoneNumberId}`, lookLevel, Date.now());
}
