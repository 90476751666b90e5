import { LIMITS } from '../../validation/limits';
import { defineOperation } from '../types';
import { ASYNC_NOTICE, groupIdParam, participantsRule, requestOutput, type Participant } from './support/params';

interface RemoveParticipantsParams {
	groupId: string;
	participants: Participant[];
}

export const removeGroupParticipants = defineOperation<RemoveParticipantsParams>({
	operation: 'removeParticipants',
	label: 'Remove Participants',
	action: 'Remove participants from a group',
	help: 'Removes users from a group. A removed user cannot rejoin through an invite link. The outcome arrives in the trigger\'s group participants event.',
	notice: ASYNC_NOTICE,
	params: {
		groupId: groupIdParam,
		participants: {
			label: 'Participants',
			type: 'string',
			required: true,
			help: `1 to ${LIMITS.groupRemoveMax} users, comma-separated: phone numbers with country code (+16505551234) or business-scoped user IDs (US.13491208655302741918).`,
			placeholder: '+16505551234, US.13491208655302741918',
			schema: participantsRule,
		},
	},
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'DELETE',
		path: `${params.groupId}/participants`,
		body: { messaging_product: 'whatsapp', participants: params.participants },
	}),
	output: requestOutput,
});
