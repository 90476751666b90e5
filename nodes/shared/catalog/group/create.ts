import { z } from 'zod';
import { LIMITS } from '../../validation/limits';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';
import { ASYNC_NOTICE, descriptionRule, requestOutput, subjectRule } from './support/params';

export type JoinApprovalMode = 'auto_approve' | 'approval_required';

const joinApprovalModes = [
	{ value: 'auto_approve', label: 'Anyone With the Link Joins', help: 'A tap on the invite link adds the user' },
	{ value: 'approval_required', label: 'Approve Each Request', help: 'A tap on the link creates a join request to approve or reject' },
];

interface CreateGroupParams {
	phoneNumberId: string;
	subject: string;
	description?: string;
	joinApprovalMode: JoinApprovalMode;
}

export const createGroup = defineOperation<CreateGroupParams>({
	operation: 'create',
	label: 'Create',
	action: 'Create a group',
	help:
		'Creates a group with this number as its only admin. The answer holds only a request ID: the group ID and its invite link arrive in the ' +
		'trigger\'s group lifecycle event (group_create) with the same request ID.',
	notice: ASYNC_NOTICE,
	params: {
		phoneNumberId: phoneNumberParam,
		subject: {
			label: 'Subject',
			type: 'string',
			required: true,
			help: `The group's name, 1 to ${LIMITS.groupSubject} characters (spaces around it are trimmed).`,
			placeholder: 'Order 4711 support',
			schema: subjectRule,
		},
		description: {
			label: 'Description',
			type: 'text',
			help: `Optional, up to ${LIMITS.groupDescription.toLocaleString('en-US')} characters.`,
			schema: descriptionRule.optional(),
		},
		joinApprovalMode: {
			label: 'Join Approval Mode',
			type: 'options',
			default: 'auto_approve',
			options: joinApprovalModes,
			help: 'Whether users who tap the invite link join at once or send a join request first.',
			schema: z
				.enum(['auto_approve', 'approval_required'], { errorMap: () => ({ message: 'must be auto_approve or approval_required' }) })
				.default('auto_approve'),
		},
	},
	pacing: { kind: 'none' },
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/groups`,
		body: {
			messaging_product: 'whatsapp',
			subject: params.subject,
			...(params.description ? { description: params.description } : {}),
			join_approval_mode: params.joinApprovalMode,
		},
	}),
	output: requestOutput,
});
