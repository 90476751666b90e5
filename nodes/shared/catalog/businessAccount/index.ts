import { defineResource } from '../types';
import { addAssignedUser } from './addAssignedUser';
import { getBusinessAccount } from './get';
import { getAssignedUsers } from './getAssignedUsers';
import { getManyBusinessAccounts } from './getMany';
import { removeAssignedUser } from './removeAssignedUser';

export const businessAccount = defineResource({
	name: 'businessAccount',
	label: 'WhatsApp Business Account',
	help: 'Read WABAs and manage who has access to them.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getBusinessAccount, getManyBusinessAccounts, getAssignedUsers, addAssignedUser, removeAssignedUser],
});
