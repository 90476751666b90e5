import { defineResource } from '../types';
import { blockUsers } from './block';
import { getManyBlockedUsers } from './getMany';
import { unblockUsers } from './unblock';

export const blockedUser = defineResource({
	name: 'blockedUser',
	label: 'Blocked User',
	help: 'Block, unblock and list the users blocked by a business number (Meta\'s Block users API).',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [blockUsers, unblockUsers, getManyBlockedUsers],
});
