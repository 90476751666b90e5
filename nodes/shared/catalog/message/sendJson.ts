import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { runOperation } from '../../run';
import { requestCallPermission } from '../call/requestPermission';
import { jsonOf } from '../support/fields';
import { recipientTypeParam, senderParam } from '../support/sendEnvelope';
import { serviceWindowParams, type ServiceWindowParams } from '../support/serviceWindow';
import { defineOperation, type AnyOperation } from '../types';
import { sendAudio } from './sendAudio';
import { sendButtons } from './sendButtons';
import { sendCallButton } from './sendCallButton';
import { sendContacts } from './sendContacts';
import { sendCtaUrl } from './sendCtaUrl';
import { sendDocument } from './sendDocument';
import { sendFlow } from './sendFlow';
import { sendImage } from './sendImage';
import { sendList } from './sendList';
import { sendLocation } from './sendLocation';
import { sendLocationRequest } from './sendLocationRequest';
import { sendProduct } from './sendProduct';
import { sendProductList } from './sendProductList';
import { sendReaction } from './sendReaction';
import { sendSticker } from './sendSticker';
import { sendTemplate } from './sendTemplate';
import { sendText } from './sendText';
import { sendVideo } from './sendVideo';
import { kindOf, sendingAsGiven } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';

/**
 * The typed operation whose rules check a message of each kind (`type`, and `interactive.type`).
 * Templates go through Send Template (`/messages`): the Marketing Messages API keeps its own operation.
 */
const TYPED = new Map<string, AnyOperation>([
	['text', sendText],
	['image', sendImage],
	['video', sendVideo],
	['audio', sendAudio],
	['document', sendDocument],
	['sticker', sendSticker],
	['location', sendLocation],
	['contacts', sendContacts],
	['reaction', sendReaction],
	['template', sendTemplate],
	['interactive button', sendButtons],
	['interactive list', sendList],
	['interactive cta_url', sendCtaUrl],
	['interactive voice_call', sendCallButton],
	['interactive call_permission_request', requestCallPermission],
	['interactive location_request_message', sendLocationRequest],
	['interactive flow', sendFlow],
	['interactive product', sendProduct],
	['interactive product_list', sendProductList],
]);

const INTERACTIVE = 'interactive ';
const kinds = [...TYPED.keys()];
const TYPES = [...kinds.filter((kind) => !kind.startsWith(INTERACTIVE)), 'interactive'];
const INTERACTIVE_TYPES = kinds.filter((kind) => kind.startsWith(INTERACTIVE)).map((kind) => kind.slice(INTERACTIVE.length));

const LABEL = 'Message (JSON)';

/** A message object: its type (text when left out, as Meta reads it); the envelope's own fields where given. */
const cloudApiMessage = z
	.object(
		{
			type: z.string({ invalid_type_error: 'must be a message type such as text or image' }).default('text'),
			messaging_product: z.literal('whatsapp', { errorMap: () => ({ message: 'must be whatsapp' }) }).optional(),
			recipient_type: recipientTypeParam.schema.optional(),
		},
		{ invalid_type_error: 'must be a Cloud API message object: {"to": "+16505551234", "type": "text", "text": {"body": "Hello"}}' },
	)
	.passthrough();

type CloudApiMessage = z.infer<typeof cloudApiMessage>;

interface SendJsonParams extends ServiceWindowParams {
	phoneNumberId: string;
	message: CloudApiMessage;
}

/** The typed operation for this message's kind, or an error naming the kinds there are. */
function typedOperation(message: CloudApiMessage): AnyOperation {
	const operation = TYPED.get(kindOf(message));
	if (operation) return operation;
	if (message.type !== 'interactive') throw new ValidationError(`${LABEL} (message) (type)`, `must be one of ${TYPES.join(', ')}; got "${message.type}"`);
	const given = (message.interactive as { type?: unknown } | undefined)?.type;
	throw new ValidationError(`${LABEL} (message) (interactive.type)`, `must be one of ${INTERACTIVE_TYPES.join(', ')}; got ${given === undefined ? 'none' : JSON.stringify(given)}`);
}

export const sendJson = defineOperation<SendJsonParams>({
	operation: 'sendJson',
	label: 'Send Message (JSON)',
	action: 'Send any message as a JSON object',
	help:
		'Sends a Cloud API message object of any type, as an AI agent or a Code node builds it. Each type is checked by the rules of its own operation (Send Text, Send Image, Send List, …) before anything is sent; ' +
		'fields those operations do not model go to Meta as written. Media by link or media ID. Marketing Messages API sends stay with Send Marketing Template.',
	notice: FREE_FORM_NOTICE,
	params: {
		phoneNumberId: senderParam,
		message: {
			label: LABEL,
			type: 'json',
			required: true,
			placeholder: '{"to": "+16505551234", "type": "text", "text": {"body": "Hello"}}',
			help:
				'The message as POST /{phone-number-id}/messages takes it: {"to": "+16505551234", "type": "image", "image": {"link": "https://…", "caption": "…"}}. ' +
				`Types: ${TYPES.join(', ')} (${INTERACTIVE_TYPES.join(', ')}); media by "link" or "id". ` +
				'Optional: "context": {"message_id": "wamid…"} to reply, "biz_opaque_callback_data", "recipient_type": "group" with a group ID in "to" (a group takes text, media and templates other than authentication). ' +
				'"messaging_product" may be left out. Node-RED: msg.payload when it holds a message object.',
			schema: jsonOf(cloudApiMessage),
		},
		// Templates are never held back: a template message goes out whatever this says.
		...serviceWindowParams,
	},
	// The typed operation paces the send, by the same keys: this number and the checked recipient.
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => String(params.message.to) },
	run: (params, context) => {
		const operation = typedOperation(params.message);
		const { outsideWindow, fallbackTemplate, fallbackLanguage, fallbackParameters } = params;
		const values = { ...operation.fromCloudApi?.(params.message), phoneNumberId: params.phoneNumberId, outsideWindow, fallbackTemplate, fallbackLanguage, fallbackParameters };
		return runOperation(sendingAsGiven(operation, params.message), values, context);
	},
	// Node-RED: a message object in msg.payload is the message to send.
	fromCloudApi: (payload) => ({ message: payload }),
});
