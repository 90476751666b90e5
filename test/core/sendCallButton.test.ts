import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findOperation } from '../../nodes/shared/catalog';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { failure, runner, TO, TOKEN } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

describe('message: send call button', () => {
	it('sends an interactive voice_call with the button text, TTL and payload the emulator accepts', async () => {
		const output = (await run('message', 'sendCallButton', { to: TO, body: 'Call us on WhatsApp now.', displayText: 'Call on WhatsApp', ttlMinutes: '100', payload: 'order-4711' })) as { messageId: string };
		expect(output.messageId).toBe(emulator.state.messages[0].id);
		expect(emulator.state.messages[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'voice_call',
				body: { text: 'Call us on WhatsApp now.' },
				action: { name: 'voice_call', parameters: { display_text: 'Call on WhatsApp', ttl_minutes: 100, payload: 'order-4711' } },
			},
		});
	});

	it('leaves the parameters out when none is given (Meta\'s defaults: "Call Now", 7 days)', async () => {
		await run('message', 'sendCallButton', { to: TO, body: 'Questions? Call us.' });
		expect((emulator.state.messages[0].body.interactive as Record<string, unknown>).action).toEqual({ name: 'voice_call' });
	});

	it.each([
		['a button text over 20 characters', { displayText: 'x'.repeat(21) }, 'Invalid Button Text (displayText): must be at most 20 characters, got 21'],
		['a TTL of 0 minutes', { ttlMinutes: 0 }, 'Invalid Valid For (Minutes) (ttlMinutes): must be 1 to 43,200 minutes'],
		['a TTL over 30 days', { ttlMinutes: 43_201 }, 'Invalid Valid For (Minutes) (ttlMinutes): must be 1 to 43,200 minutes'],
		['a payload over 512 characters', { payload: 'x'.repeat(513) }, 'Invalid Payload (payload): must be at most 512 characters, got 513'],
		['no body', { body: '' }, 'Invalid Body (body): is required'],
	])('refuses %s before any request', async (_name, values, message) => {
		const error = await failure(run('message', 'sendCallButton', { to: TO, body: 'Call us', ...values }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toBe(message);
		expect(emulator.state.requests).toHaveLength(0);
	});

	it('reads a Cloud API voice_call object (Node-RED msg.payload) back into its fields', () => {
		const op = findOperation('message', 'sendCallButton')!;
		const values = op.fromCloudApi!({
			to: TO,
			type: 'interactive',
			interactive: { type: 'voice_call', body: { text: 'Call' }, action: { name: 'voice_call', parameters: { display_text: 'Ring', ttl_minutes: 60, payload: 'p' } } },
		});
		expect(values).toMatchObject({ to: TO, body: 'Call', displayText: 'Ring', ttlMinutes: 60, payload: 'p' });
		expect(op.fromCloudApi!({ type: 'interactive', interactive: { type: 'cta_url' } })).toBeUndefined();
	});
});
