import { describe, expect, it } from 'vitest';
import { normalise } from '../../nodes/shared/webhook';

const envelope = (field: string, value: Record<string, unknown>) => ({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time: 1733300000, changes: [{ field, value }] }] });
const completion = (nfm: Record<string, unknown>) =>
	envelope('messages', {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
		contacts: [{ profile: { name: 'Jane' }, wa_id: '16505551234' }],
		messages: [{ context: { from: '15550783881', id: 'wamid.flow' }, from: '16505551234', id: 'wamid.answer', timestamp: '1733300000', type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: nfm } }],
	});

describe('Flow answers and Flow events in webhooks', () => {
	it('an answer without flow token (some iOS clients): the parsed answer, no token', () => {
		const [event] = normalise(completion({ name: 'flow', body: 'Sent', response_json: '{"slot":"10:30"}' }));
		expect(event).toMatchObject({ kind: 'message', flowName: 'flow', flowResponse: { slot: '10:30' }, context: { messageId: 'wamid.flow' } });
		expect(event).not.toHaveProperty('flowToken');
	});

	it('an answer whose response_json is not JSON: an empty flowResponse, the raw reply in item', () => {
		const [event] = normalise(completion({ name: 'flow', body: 'Sent', response_json: 'not json' }));
		expect(event.flowResponse).toEqual({});
		expect((event.item as { interactive: { nfm_reply: { response_json: string } } }).interactive.nfm_reply.response_json).toBe('not json');
	});

	it('an address message reply is named as such, for a flow that routes on flowName', () => {
		const [event] = normalise(completion({ name: 'address_message', body: 'Sent', response_json: '{"values":{"city":"Berlin"}}' }));
		expect(event).toMatchObject({ flowName: 'address_message', flowResponse: { values: { city: 'Berlin' } } });
	});

	it('a Flow status change on the flows field carries the Flow ID', () => {
		const [event] = normalise(envelope('flows', { event: 'FLOW_STATUS_CHANGE', message: 'Flow Booking changed status from DRAFT to PUBLISHED', flow_id: '1234567890123456', old_status: 'DRAFT', new_status: 'PUBLISHED' }));
		expect(event).toMatchObject({ kind: 'flow', field: 'flows', status: 'FLOW_STATUS_CHANGE', flowId: '1234567890123456', timestamp: '2024-12-04T08:13:20.000Z' });
	});
});
