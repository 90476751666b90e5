import { invalidParameter } from '../graphError';
import { NEXT_ROUTE } from '../routing';
import type { GraphEmulator } from '../server';

/** The app's subscription to the WABA's webhooks, with its optional override (Meta's Webhook overrides page). */

const APP_NAME = 'Flowpace Emulated App';
const MAX_URI = 200;

export function registerSubscriptions(emulator: GraphEmulator) {
	const { state } = emulator;
	const path = /^\/(\d+)\/subscribed_apps$/;

	emulator.route('GET', path, ([, wabaId]) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		return {
			data: state.subscriptions.map((s) => ({
				whatsapp_business_api_data: { id: s.appId, link: `https://www.facebook.com/games/?app_id=${s.appId}`, name: s.appName },
				...(s.overrideCallbackUri ? { override_callback_uri: s.overrideCallbackUri } : {}),
			})),
		};
	});

	// Subscribes the app; with override_callback_uri + verify_token, Meta first verifies the URI. No body clears the override.
	emulator.route('POST', path, async ([, wabaId], req) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		const body = { ...req.query, ...((req.body as Record<string, unknown> | undefined) ?? {}) };
		const uri = body.override_callback_uri;
		const token = body.verify_token;
		if (uri !== undefined) {
			if (typeof uri !== 'string' || !/^https?:\/\/\S+$/.test(uri)) throw invalidParameter('Param override_callback_uri must be a URL.');
			if (uri.length > MAX_URI) throw invalidParameter(`Param override_callback_uri must be at most ${MAX_URI} characters, got ${uri.length}.`);
			if (typeof token !== 'string' || !token) throw invalidParameter('Param verify_token is required with override_callback_uri.');
			await emulator.webhooks.verifyCallback(uri, token);
		}
		const subscription = { appId: state.appId, appName: APP_NAME, ...(typeof uri === 'string' ? { overrideCallbackUri: uri, verifyToken: token as string } : {}) };
		state.subscriptions = [...state.subscriptions.filter((s) => s.appId !== state.appId), subscription];
		return { success: true };
	});

	emulator.route('DELETE', path, ([, wabaId]) => {
		if (wabaId !== state.wabaId) return NEXT_ROUTE;
		state.subscriptions = state.subscriptions.filter((s) => s.appId !== state.appId);
		return { success: true };
	});
}
