import { LIMITS } from '../../validation/limits';
import { defineOperation } from '../types';
import { expirationDaysSchema, pinBody, pinParams, pinSpec, type PinParams } from './support/pin';

export const pinGroupMessage = defineOperation<PinParams & { expirationDays: number }>({
	...pinSpec,
	operation: 'pinMessage',
	label: 'Pin Message',
	action: 'Pin a message in a group',
	help: `Pins a group message for ${LIMITS.groupPinDaysMin} to ${LIMITS.groupPinDaysMax} days. A group holds 3 pins; a 4th unpins the oldest. Only a sent status follows.`,
	params: {
		...pinParams,
		expirationDays: {
			label: 'Expiration Days',
			type: 'number',
			required: true,
			default: 7,
			help: `How long the pin lasts: ${LIMITS.groupPinDaysMin} to ${LIMITS.groupPinDaysMax} whole days.`,
			schema: expirationDaysSchema,
		},
	},
	request: (params) => ({
		method: 'POST',
		path: `${params.phoneNumberId}/messages`,
		body: pinBody(params, { type: 'pin', expiration_days: params.expirationDays }),
	}),
});
