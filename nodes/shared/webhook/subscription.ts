import type { GraphRequest } from '../graph/client';
import { ValidationError } from '../graph/errors';
import type { PacingContext } from '../run/context';
import { pacedRequest } from '../run/paced';

/** Meta's limit for an override callback URI (Meta's Webhook overrides page). */
export const MAX_OVERRIDE_URI_LENGTH = 200;

interface SubscribedApps {
	data?: Array<{ override_callback_uri?: string; whatsapp_business_api_data?: { id?: string; name?: string } }>;
}

export interface SubscriptionTarget {
	wabaId: string;
	callbackUrl: string;
}

/** A call to the WABA's subscribed_apps, on the paced path: it counts against the WABA's management budget. */
const subscribedApps = <T>(context: PacingContext, wabaId: string, request: Omit<GraphRequest, 'path'>) =>
	pacedRequest<T>(context, { ...request, path: `${wabaId}/subscribed_apps` }, { kind: 'management', wabaId });

/** The override callback the app's subscription to this WABA points at, if any. */
export async function currentOverride(context: PacingContext, wabaId: string): Promise<string | undefined> {
	const apps = await subscribedApps<SubscribedApps>(context, wabaId, { method: 'GET' });
	return apps.data?.find((app) => app.override_callback_uri)?.override_callback_uri;
}

export async function isSubscribed(context: PacingContext, target: SubscriptionTarget): Promise<boolean> {
	checkTarget(target);
	return (await currentOverride(context, target.wabaId)) === target.callbackUrl;
}

/**
 * Subscribes the app to this WABA with this URL as its override callback, so the WABA's events
 * come here without touching the app-wide callback (other flows, other WABAs keep theirs).
 * Meta sends the verification handshake to the URL before it answers.
 * @returns the override it replaced (a production URL while a test URL listens), to restore later.
 */
export async function subscribe(context: PacingContext, target: SubscriptionTarget, verifyToken: string): Promise<string | undefined> {
	checkTarget(target);
	if (!verifyToken) throw new ValidationError('Webhook Verify Token (verifyToken)', 'is required in the credential to subscribe a webhook');
	const previous = await currentOverride(context, target.wabaId);
	await setOverride(context, target.wabaId, target.callbackUrl, verifyToken);
	return previous === target.callbackUrl ? undefined : previous;
}

async function setOverride(context: PacingContext, wabaId: string, callbackUrl: string, verifyToken: string) {
	await subscribedApps(context, wabaId, { method: 'POST', body: { override_callback_uri: callbackUrl, verify_token: verifyToken } });
}

/**
 * Unsubscribes only when the override is still ours: another flow may have taken the WABA over.
 * With `restore` (the override `subscribe` replaced), points the WABA back at it instead, so
 * ending a test listen hands events back to the production URL; if that URL no longer passes
 * the handshake, the subscription is removed.
 */
export async function unsubscribe(context: PacingContext, target: SubscriptionTarget, restore?: { callbackUrl: string; verifyToken: string }): Promise<boolean> {
	if (!(await isSubscribed(context, target))) return false;
	if (restore?.callbackUrl && restore.callbackUrl !== target.callbackUrl) {
		try {
			await setOverride(context, target.wabaId, restore.callbackUrl, restore.verifyToken);
			return true;
		} catch {
			// The previous URL is gone (its handshake failed): fall through and unsubscribe.
		}
	}
	await subscribedApps(context, target.wabaId, { method: 'DELETE' });
	return true;
}

function checkTarget({ wabaId, callbackUrl }: SubscriptionTarget) {
	if (!/^\d+$/.test(wabaId ?? '')) {
		throw new ValidationError('WhatsApp Business Account ID (wabaId)', 'is required in the credential (digits only) to subscribe a webhook');
	}
	if (callbackUrl.length > MAX_OVERRIDE_URI_LENGTH) {
		throw new ValidationError('Webhook URL', `is ${callbackUrl.length} characters long; Meta allows at most ${MAX_OVERRIDE_URI_LENGTH}`);
	}
}
