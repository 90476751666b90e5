import { expect } from 'vitest';
import type { GraphEmulator } from '../../emulator/server';
import type { Exchange } from '../../emulator/flows/client';
import { OTHER_PAIR } from '../core/flows.helpers';

/**
 * The booking Flow of the examples (n8n's docs/n8n-flow-booking.workflow.json, Node-RED's
 * examples/flow-booking.json) driven by the emulator's WhatsApp client through a real host:
 * ping, INIT, the free times of a chosen day, the details, the close and its completion.
 */

type Json = Record<string, any>;

/** The free times the examples compute: none on Sundays, mornings on Saturdays, all on weekdays. */
export function freeTimes(day: string): string[] {
	const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
	const times = ['09:00', '10:30', '13:00', '14:30', '16:00'];
	return weekday === 0 ? [] : weekday === 6 ? times.slice(0, 2) : times;
}

/** Books an appointment as a user does; returns the close's completion and the booking. */
export async function bookThrough(emulator: GraphEmulator, flowId: string) {
	const client = emulator.flowClient;
	const ping = await client.ping(flowId);
	expect(ping, ping.error).toMatchObject({ status: 200, response: { data: { status: 'active' } } });

	const opened = await client.open(flowId, { flowToken: 'booking-4711', messageId: 'wamid.flow-sent' });
	expect(opened.status, opened.error ?? opened.body).toBe(200);
	const first = opened.response as Json;
	expect(first.screen).toBe('APPOINTMENT');
	expect(first.data).toMatchObject({ slots: [], has_slots: false });
	expect(first.data.days).toHaveLength(3);

	// The first weekday of the three: a Saturday or Sunday is never the only choice of three days.
	const day = (first.data.days as Array<{ id: string }>).map((d) => d.id).find((id) => freeTimes(id).length === 5)!;
	const slots = await step(client, opened.sessionId!, 'APPOINTMENT', { step: 'day_chosen', day });
	expect(slots.response).toMatchObject({ screen: 'APPOINTMENT', data: { has_slots: true, slots: freeTimes(day).map((time) => ({ id: time, title: time })) } });
	expect((slots.response as Json).data).not.toHaveProperty('error_message');

	const details = await step(client, opened.sessionId!, 'APPOINTMENT', { step: 'slot_chosen', day, slot: '10:30' });
	expect(details.response).toEqual({ screen: 'DETAILS', data: { day, slot: '10:30', summary: `${day} at 10:30` } });

	const booking = { step: 'details_given', day, slot: '10:30', name: 'Jane Doe', email: 'jane@example.com' };
	const closed = await step(client, opened.sessionId!, 'DETAILS', booking);
	expect(closed.response).toEqual({ screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: 'booking-4711', day, slot: '10:30', name: 'Jane Doe', email: 'jane@example.com' } } } });
	expect(closed.completion).toMatchObject({ delivered: true });
	return { day, completion: closed.completion! };
}

async function step(client: GraphEmulator['flowClient'], sessionId: string, screen: string, data: Json): Promise<Exchange> {
	const exchange = await client.exchange(sessionId, { screen, data });
	expect(exchange.status, exchange.error ?? exchange.body).toBe(200);
	expect(exchange.error).toBeUndefined();
	return exchange;
}

/** A forged signature gets 432; a request for another public key 421, also after the client's retry. */
export async function refusals(emulator: GraphEmulator, flowId: string) {
	const forged = await emulator.flowClient.open(flowId, { flowToken: 'forged', appSecret: 'not-the-app-secret' });
	expect(forged).toMatchObject({ status: 432, body: '' });
	const stale = emulator.state.flows.publicKeys.get([...emulator.state.phoneNumbers.keys()][0])!;
	const kept = stale.pem;
	stale.pem = OTHER_PAIR.publicKey;
	try {
		expect(await emulator.flowClient.open(flowId, { flowToken: 'stale-key' })).toMatchObject({ status: 421, retried: true, body: '' });
	} finally {
		stale.pem = kept;
	}
}
