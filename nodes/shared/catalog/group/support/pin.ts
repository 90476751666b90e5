import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { messageId } from '../../../validation/rules';
import { sendOutput } from '../../support/outputs';
import { senderParam } from '../../support/sendEnvelope';
import type { OperationSpec, ParamSpec } from '../../types';
import { groupIdParam } from './params';

export interface PinParams {
	phoneNumberId: string;
	groupId: string;
	messageId: string;
}

const pinnedMessageParam: ParamSpec<string> = {
	label: 'Message ID',
	type: 'string',
	required: true,
	help: 'The wamid of the group message to pin or unpin.',
	placeholder: 'wamid.HBgL...',
	schema: messageId,
};

export const expirationDaysSchema = z.coerce
	.number({ invalid_type_error: 'must be a number of days' })
	.int('must be a whole number of days')
	.min(LIMITS.groupPinDaysMin, `must be at least ${LIMITS.groupPinDaysMin} day`)
	.max(LIMITS.groupPinDaysMax, `must be at most ${LIMITS.groupPinDaysMax} days`);

export const pinParams = { phoneNumberId: senderParam, groupId: groupIdParam, messageId: pinnedMessageParam };

/** What pin and unpin share: a `type: pin` message to the group (Meta's Group messaging page), paced as a message to it. */
export const pinSpec = {
	pacing: { kind: 'message', number: (params: PinParams) => params.phoneNumberId, recipient: (params: PinParams) => params.groupId },
	output: sendOutput,
} satisfies Partial<OperationSpec<PinParams>>;

export function pinBody(params: PinParams, pin: Record<string, unknown>) {
	return { messaging_product: 'whatsapp', recipient_type: 'group', to: params.groupId, type: 'pin', pin: { ...pin, message_id: params.messageId } };
}
