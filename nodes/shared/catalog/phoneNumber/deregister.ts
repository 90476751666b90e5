import { phoneNumberParam, succeeded } from '../management';
import { defineOperation } from '../types';

export const deregister = defineOperation<{ phoneNumberId: string }>({
	resource: 'phoneNumber',
	operation: 'deregister',
	label: 'Deregister',
	action: 'Deregister a phone number',
	help: 'Removes the number from Cloud API; it can no longer send. At most 10 deregister calls per number per 72 hours.',
	params: { phoneNumberId: phoneNumberParam },
	pacing: { kind: 'none' },
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/deregister` }),
	output: succeeded({ deregistered: true }),
});
