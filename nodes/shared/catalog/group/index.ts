import { defineResource } from '../types';
import { approveGroupJoinRequests } from './approveJoinRequests';
import { createGroup } from './create';
import { deleteGroup } from './delete';
import { getGroup } from './get';
import { getGroupInviteLink } from './getInviteLink';
import { getGroupJoinRequests } from './getJoinRequests';
import { getManyGroups } from './getMany';
import { pinGroupMessage } from './pinMessage';
import { rejectGroupJoinRequests } from './rejectJoinRequests';
import { removeGroupParticipants } from './removeParticipants';
import { resetGroupInviteLink } from './resetInviteLink';
import { unpinGroupMessage } from './unpinMessage';
import { updateGroup } from './update';

export const group = defineResource({
	name: 'group',
	label: 'Group',
	help: 'Create and run WhatsApp groups: invite links, participants, join requests, pins.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [
		createGroup,
		getManyGroups,
		getGroup,
		updateGroup,
		getGroupInviteLink,
		resetGroupInviteLink,
		removeGroupParticipants,
		getGroupJoinRequests,
		approveGroupJoinRequests,
		rejectGroupJoinRequests,
		deleteGroup,
		pinGroupMessage,
		unpinGroupMessage,
	],
});
