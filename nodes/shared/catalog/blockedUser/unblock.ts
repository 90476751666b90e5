import { defineOperation } from '../types';
import { blockParams, changeBlocklist, type BlockParams } from './support/users';

export const unblockUsers = defineOperation<BlockParams>({
	operation: 'unblock',
	label: 'Unblock',
	action: 'Unblock users',
	help: 'Unblocks users (DELETE /{phone-number-id}/block_users): they can message the number again and be sent to.',
	params: blockParams,
	pacing: { kind: 'none' },
	run: (params, context, send) => changeBlocklist(false, params, context, send),
});
