import { defineOperation } from '../types';
import type { RecordParams } from './support/params';
import { recordConsent, recordParams } from './support/record';

export const optIn = defineOperation<RecordParams>({
	operation: 'optIn',
	label: 'Record Opt-In',
	action: 'Record a user\'s opt-in',
	help: 'Records that a user agreed to receive messages from this number, with its source and time (Meta\'s "Get opt-in for WhatsApp" page asks for one before templates). With the Consent Rule opt-in, marketing goes only to users with one.',
	params: recordParams,
	pacing: { kind: 'none' },
	run: (params, context) => recordConsent('in', params, context),
});
