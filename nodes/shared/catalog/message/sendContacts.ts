import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { text } from '../../validation/rules';
import { sendOutput } from '../support/outputs';
import { envelopeFromCloudApi, messageBody, sendParams, type SendEnvelope } from '../support/sendEnvelope';
import { defineOperation } from '../types';
import { messagePartJson } from './support/messageObject';
import { FREE_FORM_NOTICE } from './support/notices';
import { list } from './support/rules';

/** A contact card: name.formatted_name is required, the rest goes through as Meta defines it. */
const contact = z
	.object(
		{ name: z.object({ formatted_name: text(1, 1000) }, { required_error: 'needs name.formatted_name', invalid_type_error: 'needs name.formatted_name' }).passthrough() },
		{ invalid_type_error: 'each contact must be an object' },
	)
	.passthrough();

interface SendContactsParams extends SendEnvelope {
	contacts: Array<z.infer<typeof contact>>;
}

export const sendContacts = defineOperation<SendContactsParams>({
	operation: 'sendContacts',
	label: 'Send Contacts',
	action: 'Send contact cards',
	help: `Sends 1 to ${LIMITS.contactsMax} contact cards. A phone with a wa_id gets Message and Save buttons.`,
	notice: FREE_FORM_NOTICE,
	sends: 'contacts',
	params: sendParams({
		contacts: {
			label: 'Contacts (JSON)',
			type: 'json',
			required: true,
			placeholder: '[{"name": {"formatted_name": "Jane Doe", "first_name": "Jane"}, "phones": [{"phone": "+16505551234", "type": "WORK"}]}]',
			help: `A JSON list of Cloud API contact objects; each needs name.formatted_name. At most ${LIMITS.contactsMax}.`,
			schema: messagePartJson(list(contact, 1, LIMITS.contactsMax, 'contacts')),
		},
	}),
	pacing: { kind: 'message', number: (params) => params.phoneNumberId, recipient: (params) => params.to },
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/messages`, body: messageBody(params, 'contacts', params.contacts) }),
	output: sendOutput,
	fromCloudApi: (payload) => (payload.type === 'contacts' ? { ...envelopeFromCloudApi(payload), contacts: payload.contacts } : undefined),
});
