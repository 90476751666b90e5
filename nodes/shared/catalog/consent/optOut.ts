import { defineOperation } from '../types';
import type { RecordParams } from './support/params';
import { recordConsent, recordParams } from './support/record';

export const optOut = defineOperation<RecordParams>({
	operation: 'optOut',
	label: 'Record Opt-Out',
	action: 'Record a user\'s opt-out',
	help: 'Records that a user withdrew consent: marketing templates to them fail before sending (every template with the Consent Rule opt-out-all) until an opt-in or a resume is recorded.',
	params: recordParams,
	pacing: { kind: 'none' },
	run: (params, context) => recordConsent('out', params, context),
});
