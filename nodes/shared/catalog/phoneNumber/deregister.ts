import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation } from '../types';

export const deregisterPhoneNumber = defineOperation<{ phoneNumberId: string }>({
	operation: 'deregister',
	label: 'Deregister',
	action: 'Deregister a phone number',
	help: 'Removes the number from Cloud API; it can no longer send. At most 10 deregister calls per number per 72 hours.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/deregister` }),
	output: succeeded({ deregistered: true }),
});
