import { describe, expect, it } from 'vitest';
import { sendText } from '../../nodes/shared/catalog/message/sendText';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, type AccountSettings } from '../../nodes/shared/credentials';
import { ValidationError } from '../../nodes/shared/graph/errors';
import { validateParams } from '../../nodes/shared/run';

const account: AccountSettings = {
	accessToken: 't',
	appSecret: '',
	verifyToken: '',
	wabaId: '102290129340398',
	phoneNumberId: '106540352242922',
	apiVersion: DEFAULT_API_VERSION,
	baseUrl: DEFAULT_BASE_URL,
};

const build = (values: Record<string, unknown>) => sendText.request(validateParams(sendText, values, account) as never, account);

function validationError(values: Record<string, unknown>): ValidationError {
	try {
		validateParams(sendText, values, account);
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a validation error');
}

describe('Send Text', () => {
	it('builds the Cloud API request with the credential\'s default sender', () => {
		expect(build({ to: '+1 (650) 555-1234', body: 'Hello', previewUrl: true })).toEqual({
			method: 'POST',
			path: '106540352242922/messages',
			body: {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+16505551234',
				type: 'text',
				text: { body: 'Hello', preview_url: true },
			},
		});
	});

	it('adds the reply context and the tracking data when given', () => {
		const request = build({ phoneNumberId: '999', to: '0049 151 1234 5678', body: 'Hi', replyTo: 'wamid.HBgLMTY1MDU1NTEyMzQ', trackingData: 'order-4711' });
		expect(request.path).toBe('999/messages');
		expect(request.body).toMatchObject({
			to: '+4915112345678',
			context: { message_id: 'wamid.HBgLMTY1MDU1NTEyMzQ' },
			biz_opaque_callback_data: 'order-4711',
			text: { body: 'Hi', preview_url: false },
		});
	});

	it('accepts 4,096 characters and refuses 4,097 naming the field, the limit and the length', () => {
		expect(() => build({ to: '+16505551234', body: 'x'.repeat(4096) })).not.toThrow();
		const error = validationError({ to: '+16505551234', body: 'x'.repeat(4097) });
		expect(error.message).toBe('Invalid Text (body): must be at most 4,096 characters, got 4,097');
	});

	it.each([
		['030 1234567', 'looks like a national number'],
		['hello', 'is not a phone number'],
		['+1 555', 'has 4 digits'],
		['+1234567890123456', 'has 16 digits'],
	])('refuses the recipient %s', (to, problem) => {
		const error = validationError({ to, body: 'Hi' });
		expect(error.field).toBe('Recipient Phone Number or Group ID (to)');
		expect(error.message).toContain(problem);
	});

	it('requires a text and a recipient', () => {
		expect(validationError({ to: '+16505551234', body: '' }).message).toBe('Invalid Text (body): is required');
		expect(validationError({ body: 'Hi' }).message).toBe('Invalid Recipient Phone Number or Group ID (to): is required');
	});

	it('refuses a sender that is not an ID and tracking data over 512 characters', () => {
		expect(validationError({ phoneNumberId: '+1555', to: '+16505551234', body: 'x' }).message).toContain('must be a numeric ID');
		expect(validationError({ to: '+16505551234', body: 'x', trackingData: 'y'.repeat(513) }).message).toContain('at most 512 characters, got 513');
	});

	it('asks for the sender when neither the node nor the credential has one', () => {
		expect(() => validateParams(sendText, { to: '+16505551234', body: 'x' }, { ...account, phoneNumberId: '' })).toThrow(
			'Invalid Sender Phone Number ID (phoneNumberId): is required (or set it in the credential)',
		);
	});

	it('maps a Cloud API text object onto its parameters', () => {
		expect(
			sendText.fromCloudApi!({ to: '+16505551234', type: 'text', text: { body: 'Hi', preview_url: true }, context: { message_id: 'wamid.X1234' } }),
		).toEqual({ to: '+16505551234', body: 'Hi', previewUrl: true, replyTo: 'wamid.X1234', trackingData: undefined });
		expect(sendText.fromCloudApi!({ type: 'image' })).toBeUndefined();
	});
});
