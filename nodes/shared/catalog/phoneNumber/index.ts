import { defineResource } from '../types';
import { addPhoneNumber } from './add';
import { deregisterPhoneNumber } from './deregister';
import { getPhoneNumber } from './get';
import { getDisplayNameStatus } from './getDisplayNameStatus';
import { getManyPhoneNumbers } from './getMany';
import { getPhoneNumberStatus } from './getStatus';
import { registerPhoneNumber } from './register';
import { requestDisplayNameChange } from './requestDisplayNameChange';
import { requestOfficialBusinessAccount } from './requestOfficialBusinessAccount';
import { requestPhoneNumberCode } from './requestCode';
import { setPhoneNumberPin } from './setPin';
import { verifyPhoneNumberCode } from './verifyCode';

export const phoneNumber = defineResource({
	name: 'phoneNumber',
	label: 'Phone Number',
	help: 'Add, read, verify, register and protect business numbers; their display names and Official Business Account status.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [
		getManyPhoneNumbers,
		getPhoneNumber,
		getPhoneNumberStatus,
		addPhoneNumber,
		requestPhoneNumberCode,
		verifyPhoneNumberCode,
		registerPhoneNumber,
		deregisterPhoneNumber,
		setPhoneNumberPin,
		requestDisplayNameChange,
		getDisplayNameStatus,
		requestOfficialBusinessAccount,
	],
});
