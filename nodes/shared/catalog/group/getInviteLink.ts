import { defineOperation } from '../types';
import { inviteLinkOutput } from './support/inviteLink';
import { groupIdParam } from './support/params';

export const getGroupInviteLink = defineOperation<{ groupId: string }>({
	operation: 'getInviteLink',
	label: 'Get Invite Link',
	action: 'Get a group invite link',
	help: 'Returns the group\'s current invite link (https://chat.whatsapp.com/…). Users can only join through it: the API cannot add them.',
	params: { groupId: groupIdParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'GET', path: `${params.groupId}/invite_link` }),
	output: inviteLinkOutput,
});
