import { defineOperation } from '../types';
import { pinBody, pinParams, pinSpec, type PinParams } from './support/pin';

export const unpinGroupMessage = defineOperation<PinParams>({
	...pinSpec,
	operation: 'unpinMessage',
	label: 'Unpin Message',
	action: 'Unpin a message in a group',
	help: 'Unpins a pinned group message. Only a sent status follows.',
	params: pinParams,
	request: (params) => ({ method: 'POST', path: `${params.phoneNumberId}/messages`, body: pinBody(params, { type: 'unpin' }) }),
});
