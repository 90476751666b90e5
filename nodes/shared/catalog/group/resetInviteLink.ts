import { defineOperation } from '../types';
import { inviteLinkOutput } from './support/inviteLink';
import { groupIdParam } from './support/params';

export const resetGroupInviteLink = defineOperation<{ groupId: string }>({
	operation: 'resetInviteLink',
	label: 'Reset Invite Link',
	action: 'Reset a group invite link',
	help: 'Creates a new invite link and returns it. Every earlier link of the group stops working.',
	params: { groupId: groupIdParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'POST', path: `${params.groupId}/invite_link`, body: { messaging_product: 'whatsapp' } }),
	output: inviteLinkOutput,
});
