import { defineOperation } from '../types';
import { blockParams, changeBlocklist, type BlockParams } from './support/users';

export const blockUsers = defineOperation<BlockParams>({
	operation: 'block',
	label: 'Block',
	action: 'Block users',
	help: 'Blocks users from messaging this number (POST /{phone-number-id}/block_users). Sends to them then fail before any request. Users Meta could not block are listed in `failed` with the reason.',
	params: blockParams,
	pacing: { kind: 'none' },
	run: (params, context, send) => changeBlocklist(true, params, context, send),
});
