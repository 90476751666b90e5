import { z } from 'zod';
import type { GraphRequest } from '../../../graph/client';
import { jsonOf } from '../../support/fields';
import type { RecipientType, SendEnvelope } from '../../support/sendEnvelope';
import type { AnyOperation } from '../../types';

/** What a Cloud API message object is, and how errors name one given where it does not belong. */

/** The `type` of a message (Meta's "Messages" reference; `pin` for groups). */
export const MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction', 'pin'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A message object: a `type` of the Cloud API, or any `type` with `messaging_product: "whatsapp"`. */
export function isMessageObject(value: unknown): value is Record<string, unknown> & { type: string } {
	return isObject(value) && typeof value.type === 'string' && (MESSAGE_TYPES.includes(value.type) || value.messaging_product === 'whatsapp');
}

/** The kind of a message in the Cloud API's words: its type, and an interactive message's own: "image", "interactive list". */
export function kindOf(message: Record<string, unknown>): string {
	const interactive = isObject(message.interactive) ? message.interactive.type : undefined;
	return message.type === 'interactive' && typeof interactive === 'string' ? `interactive ${interactive}` : String(message.type);
}

/** "an image message", "an interactive list message". */
export function describeMessage(message: Record<string, unknown>): string {
	const kind = kindOf(message);
	return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} message`;
}

/** A whole message where a part of one belongs: its type and the object of that type, or `messaging_product`. */
function isWholeMessage(value: unknown): value is Record<string, unknown> {
	return isMessageObject(value) && (value.messaging_product === 'whatsapp' || typeof value[value.type] === 'object');
}

/**
 * A JSON field of a typed send (contacts, buttons, sections): refuses a whole message object put
 * there, as an AI agent or an expression may, and points to the operation that sends one.
 */
export const messagePartJson = <T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>) =>
	jsonOf(
		z
			.unknown()
			.superRefine((value, ctx) => {
				if (isWholeMessage(value)) {
					ctx.addIssue({ code: 'custom', message: `is a whole Cloud API message (${describeMessage(value)}), not this field's part of one: Send Message (JSON) sends a whole message object` });
				}
			})
			.pipe(schema),
	);

/** The envelope a typed operation checked: the sender, the recipient normalised, and the recipient type. */
type CheckedEnvelope = SendEnvelope & { recipientType?: RecipientType };

/**
 * A typed operation that sends the message object as given instead of the body it would build:
 * the envelope as the operation checked it (`to` normalised, `messaging_product` added), every
 * other field untouched, so that what the typed operation does not model reaches Meta as written.
 */
export function sendingAsGiven(operation: AnyOperation, message: Record<string, unknown>): AnyOperation {
	const asGiven = (request: GraphRequest, params: CheckedEnvelope): GraphRequest =>
		request.method === 'POST' && request.path === `${params.phoneNumberId}/messages` ? { ...request, body: bodyAsGiven(message, params) } : request;
	if (operation.run) {
		const { run } = operation;
		return { ...operation, run: (params, context, send) => run(params, context, (request, pacing) => send(asGiven(request, params), pacing)) };
	}
	const { request } = operation;
	return { ...operation, request: (params, account) => asGiven(request(params, account), params) };
}

const ENVELOPE = ['messaging_product', 'recipient_type', 'to'];

function bodyAsGiven(message: Record<string, unknown>, params: CheckedEnvelope) {
	const fields = Object.entries(message).filter(([key]) => !ENVELOPE.includes(key));
	return { messaging_product: 'whatsapp', recipient_type: params.recipientType ?? 'individual', to: params.to, ...Object.fromEntries(fields) };
}
