import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type GraphEmulator } from '../../emulator/server';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { failure, TO, TOKEN, runner } from './messaging.helpers';

let emulator: GraphEmulator;
let run: ReturnType<typeof runner>;
beforeAll(async () => {
	emulator = await startEmulator({ token: TOKEN, appSecret: 'app-secret' });
	run = runner(emulator);
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.stop());

const sent = () => emulator.state.messages.at(-1)!.body;
const HASH = 'DF2lS5v2W6x=';

describe('the send envelope: the recipient\'s identity key hash', () => {
	it.each([
		['sendText', { body: 'Hello' }],
		['sendImage', { mediaLink: 'https://example.com/a.jpg' }],
		['sendLocation', { latitude: 37.44, longitude: -122.16 }],
		['sendReaction', { messageId: 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA', emoji: '👍' }],
		['sendTemplate', { template: 'spring_sale|en_US', templateParameters: { 'body.1': 'Monday', 'button.0.copy_code': 'SPRING' } }],
	])('%s sends recipient_identity_key_hash when given, and nothing when not', async (operation, values) => {
		await run('message', operation, { to: TO, ...values, recipientIdentityKeyHash: HASH });
		expect(sent().recipient_identity_key_hash).toBe(HASH);
		await run('message', operation, { to: TO, ...values });
		expect(sent()).not.toHaveProperty('recipient_identity_key_hash');
	});

	it('reads it from a Cloud API message object, as Send Message (JSON) and Node-RED\'s msg.payload give it', async () => {
		await run('message', 'sendJson', { message: { to: TO, type: 'text', text: { body: 'Hi' }, recipient_identity_key_hash: HASH } });
		expect(sent().recipient_identity_key_hash).toBe(HASH);
	});

	it('refuses a hash with other characters before any request', async () => {
		const error = await failure(run('message', 'sendText', { to: TO, body: 'Hello', recipientIdentityKeyHash: 'not a hash!' }));
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toBe('Invalid Recipient Identity Key Hash (recipientIdentityKeyHash): must be an identity key hash: letters, digits and + / = _ -, as the webhook gives it');
		expect(emulator.state.requests).toHaveLength(0);
	});
});

describe('Send Template: the language policy', () => {
	it('sends language.policy deterministic when chosen, and no policy by default', async () => {
		const values = { to: TO, template: 'spring_sale|en_US', templateParameters: { 'body.1': 'Monday', 'button.0.copy_code': 'SPRING' } };
		await run('message', 'sendTemplate', { ...values, languagePolicy: 'deterministic' });
		expect((sent().template as any).language).toEqual({ code: 'en_US', policy: 'deterministic' });
		await run('message', 'sendTemplate', values);
		expect((sent().template as any).language).toEqual({ code: 'en_US' });
		const error = await failure(run('message', 'sendTemplate', { ...values, languagePolicy: 'fallback' }));
		expect(error.message).toBe('Invalid Language Policy (languagePolicy): must be one of deterministic');
	});
});
