import { succeeded } from '../support/outputs';
import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { TASKS, tasksSchema, userIdParam } from './support/params';

interface AddAssignedUserParams {
	wabaId: string;
	userId: string;
	tasks: string[];
}

export const addAssignedUser = defineOperation<AddAssignedUserParams>({
	operation: 'addAssignedUser',
	label: 'Add Assigned User',
	action: 'Assign a user to a WABA',
	help: 'Gives a system user or business user access to the WABA with the tasks named. Needs the token of an admin system user. On a WABA shared with several partners, MANAGE works only with full access, MESSAGING included.',
	params: {
		wabaId: wabaParam,
		userId: userIdParam,
		tasks: {
			label: 'Tasks',
			type: 'string',
			required: true,
			default: 'MANAGE',
			help: `Comma-separated: MANAGE (full control), DEVELOP, or granular tasks: ${TASKS.slice(2).join(', ')}.`,
			placeholder: 'MANAGE_TEMPLATES, VIEW_INSIGHTS',
			schema: tasksSchema,
		},
	},
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'POST', path: `${params.wabaId}/assigned_users`, body: { user: params.userId, tasks: params.tasks } }),
	output: (data, params) => succeeded({ userId: params.userId, tasks: params.tasks })(data),
});
