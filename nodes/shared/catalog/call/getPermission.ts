import { LIMITS } from '../../validation/limits';
import { phoneNumber } from '../../validation/rules';
import { phoneNumberParam } from '../support/managementParams';
import { defineOperation } from '../types';

interface GetPermissionParams {
	phoneNumberId: string;
	userWaId: string;
}

interface Action {
	action_name?: string;
	can_perform_action?: boolean;
}

interface Answer {
	permission?: { status?: string; expiration_time?: number };
	actions?: Action[];
}

const canDo = (actions: Action[] | undefined, name: string) => actions?.find((a) => a.action_name === name)?.can_perform_action;

export const getCallPermission = defineOperation<GetPermissionParams>({
	operation: 'getPermission',
	label: 'Get Permission',
	action: 'Get a user\'s call permission',
	help: 'Whether you may call this user now, until when, and how many permission requests and calls remain. The status is shown as Meta sends it (no_permission, temporary, permanent; older accounts: granted, pending, denied, expired).',
	notice: 'Permission lookups are limited to 100 per second per number: they are paced to it (and a 613 answer is retried with backoff).',
	params: {
		phoneNumberId: phoneNumberParam,
		userWaId: {
			label: 'User Phone Number',
			type: 'string',
			required: true,
			help: 'The user\'s WhatsApp number with country code: +16505551234.',
			placeholder: '+16505551234',
			schema: phoneNumber,
		},
	},
	pacing: { kind: 'lookup', number: (params) => params.phoneNumberId, perSecond: LIMITS.callPermissionLookupsPerSecond, what: 'call permission lookup' },
	request: (params) => ({ method: 'GET', path: `${params.phoneNumberId}/call_permissions`, query: { user_wa_id: params.userWaId.replace(/^\+/, '') } }),
	// Meta's guide and its OpenAPI name the permission states differently: both stay as sent; the two
	// questions a flow asks are lifted to the top.
	output: (data) => {
		const answer = data as Answer;
		const expires = answer.permission?.expiration_time;
		return {
			status: answer.permission?.status,
			...(typeof expires === 'number' ? { expiresAt: new Date(expires * 1000).toISOString() } : {}),
			canCall: canDo(answer.actions, 'start_call') ?? false,
			canRequestPermission: canDo(answer.actions, 'send_call_permission_request') ?? false,
			...(data as object),
		};
	},
});
