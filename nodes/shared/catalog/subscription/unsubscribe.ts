import { wabaParam } from '../support/managementParams';
import { defineOperation } from '../types';

export const unsubscribeApp = defineOperation<{ wabaId: string }>({
	operation: 'unsubscribe',
	label: 'Unsubscribe',
	action: 'Unsubscribe the app from the WABA',
	help: 'Stops this WABA\'s webhooks to the app.',
	params: { wabaId: wabaParam },
	pacing: { kind: 'management', waba: (params) => params.wabaId },
	request: (params) => ({ method: 'DELETE', path: `${params.wabaId}/subscribed_apps` }),
	output: (data) => ({ deleted: (data as { success?: boolean }).success === true }),
});
