import { defineResource } from '../types';
import { exportConsent } from './export';
import { getConsent } from './get';
import { importConsent } from './import';
import { optIn } from './optIn';
import { optOut } from './optOut';

export const consent = defineResource({
	name: 'consent',
	label: 'Consent',
	help: 'The opt-in and opt-out list of a business number, which the campaign guard checks before each template.',
	notice: 'Kept in this process\'s memory (lost on restart), or in Redis when the credential has a Redis URL. The trigger and webhook node add opt-outs by themselves (user_preferences, 131050, stop keywords).',
	offeredBy: ['n8n', 'node-red-manage'],
	operations: [optIn, optOut, getConsent, importConsent, exportConsent],
});
