import type { EmulatedCall } from '../calls';
import type { GraphEmulator } from '../server';
import type { Json } from './callChecks';

/**
 * The `calls` webhooks of a call (Meta's Calling API and webhook reference): connect / call_created, the
 * RINGING / ACCEPTED / REJECTED statuses and terminate. Apart from routes/calls.ts so that file
 * reads as the call's actions; the shapes here are what the receiver is tested against.
 */

const CUSTOMER_NAME = 'Sheena Nelson';

export function callEvents(emulator: GraphEmulator) {
	const calls = emulator.state.calls;
	const now = () => emulator.clock.now();
	const seconds = (ms = now()) => String(Math.floor(ms / 1000));
	const display = (id: string) => emulator.state.phoneNumbers.get(id)?.display_phone_number ?? '';

	const change = (call: EmulatedCall, rest: Json) => ({
		field: 'calls',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: display(call.phoneNumberId), phone_number_id: call.phoneNumberId },
			...rest,
		},
	});
	const parties = (call: EmulatedCall) =>
		call.direction === 'USER_INITIATED' ? { from: call.waId, to: display(call.phoneNumberId) } : { from: display(call.phoneNumberId), to: call.waId };
	const extras = (call: EmulatedCall) => ({
		...(call.tracking ? { biz_opaque_callback_data: call.tracking } : {}),
		...(call.ctaPayload ? { cta_payload: call.ctaPayload } : {}),
		...(call.deeplinkPayload ? { deeplink_payload: call.deeplinkPayload } : {}),
	});
	const contacts = (call: EmulatedCall) => [{ profile: { name: CUSTOMER_NAME }, wa_id: call.waId }];

	const connectEvent = (call: EmulatedCall, event: 'connect' | 'call_created' = 'connect') =>
		change(call, {
			contacts: contacts(call),
			calls: [
				{
					id: call.id,
					...parties(call),
					event,
					direction: call.direction,
					timestamp: seconds(call.startedAt),
					...(event === 'connect'
						? { session: call.direction === 'USER_INITIATED' ? { sdp_type: 'offer', sdp: call.offer } : { sdp_type: 'answer', sdp: call.answer } }
						: {}),
					...extras(call),
				},
			],
		});
	const statusEvent = (call: EmulatedCall, status: 'RINGING' | 'ACCEPTED' | 'REJECTED') =>
		change(call, { statuses: [{ id: call.id, type: 'call', status, timestamp: seconds(), recipient_id: call.waId, ...(call.tracking ? { biz_opaque_callback_data: call.tracking } : {}) }] });
	const terminateEvent = (call: EmulatedCall) =>
		change(call, {
			contacts: contacts(call),
			calls: [
				{
					id: call.id,
					...parties(call),
					event: 'terminate',
					direction: call.direction,
					timestamp: seconds(call.endedAt),
					status: call.status,
					...(call.answeredAt ? answeredSpan(call.answeredAt, call.endedAt ?? now()) : {}),
					...extras(call),
				},
			],
		});

	/** SIP numbers get no calls webhooks unless webhook_delivery is on, and then only call_created and terminate (SIP configuration). */
	const sipOf = (phoneNumberId: string) => (calls.calling(phoneNumberId).sip ?? {}) as Json;
	const webhooksAllowed = (call: EmulatedCall, event: string) => {
		const sip = sipOf(call.phoneNumberId);
		if (sip.status !== 'ENABLED') return event !== 'call_created';
		return sip.webhook_delivery === 'ENABLED' && (event === 'call_created' || event === 'terminate');
	};

	return { connectEvent, statusEvent, terminateEvent, sipOf, webhooksAllowed };
}

/** A call's start, end and duration in whole seconds, the end its start plus its duration (two roundings could part them by a second). */
function answeredSpan(answeredAt: number, endedAt: number) {
	const duration = Math.round((endedAt - answeredAt) / 1000);
	const start = Math.floor(answeredAt / 1000);
	return { start_time: String(start), end_time: String(start + duration), duration };
}
