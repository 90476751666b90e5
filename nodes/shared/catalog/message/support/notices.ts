/** The traps every free-form send shares, shown above its fields in both hosts. */
export const FREE_FORM_NOTICE =
	'Free-form messages reach a user only within 24 hours of the user\'s last message; outside that window, send an approved template (else error 131047). ' +
	'Sends to one recipient are paced to the platform\'s limit: 1 message per 6 s on average, bursts of up to 45.';

/** The traps of a template send: approval first, and the same per-recipient pace. */
export const TEMPLATE_NOTICE =
	'Only APPROVED templates can be sent: a new or edited template is reviewed first (up to 24 hours). ' +
	'Sends to one recipient are paced to the platform\'s limit: 1 message per 6 s on average, bursts of up to 45.';
