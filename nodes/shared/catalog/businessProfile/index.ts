import { defineResource } from '../types';
import { getBusinessProfile } from './get';
import { updateBusinessProfile } from './update';

export const businessProfile = defineResource({
	name: 'businessProfile',
	label: 'Business Profile',
	help: 'The profile customers see for a number.',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [getBusinessProfile, updateBusinessProfile],
});
