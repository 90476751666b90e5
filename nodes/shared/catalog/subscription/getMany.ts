import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';

export const getManySubscriptions = defineOperation<{ wabaId: string }>({
	operation: 'getMany',
	label: 'Get Many',
	action: 'Get the apps subscribed to the WABA',
	help: 'Lists the apps that receive this WABA\'s webhooks, one item per app, with any override callback URL.',
	params: { wabaId: wabaParam },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'GET', path: `${params.wabaId}/subscribed_apps` }),
	output: (data) => (data as { data?: unknown[] }).data ?? [],
});
