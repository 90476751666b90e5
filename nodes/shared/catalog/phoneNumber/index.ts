import { defineResource } from '../types';
import { deregisterPhoneNumber } from './deregister';
import { getPhoneNumber } from './get';
import { getManyPhoneNumbers } from './getMany';
import { registerPhoneNumber } from './register';
import { requestPhoneNumberCode } from './requestCode';
import { setPhoneNumberPin } from './setPin';
import { verifyPhoneNumberCode } from './verifyCode';

export const phoneNumber = defineResource({
	name: 'phoneNumber',
	label: 'Phone Number',
	help: 'Read business numbers; verify, register and protect them.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getManyPhoneNumbers, getPhoneNumber, requestPhoneNumberCode, verifyPhoneNumberCode, registerPhoneNumber, deregisterPhoneNumber, setPhoneNumberPin],
});
