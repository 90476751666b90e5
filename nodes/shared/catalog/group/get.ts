import { defineOperation } from '../types';
import { groupIdParam } from './support/params';

const GROUP_FIELDS = 'subject,description,participants,join_approval_mode,suspended,creation_timestamp,total_participant_count';

export const getGroup = defineOperation<{ groupId: string }>({
	operation: 'get',
	label: 'Get',
	action: 'Get a group',
	help: 'Reads a group: subject, description, participants, join approval mode, whether it is suspended. The participant count leaves out the business.',
	params: { groupId: groupIdParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'GET', path: params.groupId, query: { fields: GROUP_FIELDS } }),
});
