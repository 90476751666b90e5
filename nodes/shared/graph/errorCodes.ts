/**
 * What each Graph error code means for a user, and whether a retry can help.
 * Source: the platform's error code reference (whatsapp-cloud-api.md §8, §12.7, §13.11).
 */
export type RetryAdvice =
	/** Never retry: the request itself is wrong or the platform refused it for good. */
	| 'never'
	/** Retry later with backoff: a transient server-side fault. */
	| 'transient'
	/** The number's throughput was exceeded (130429): short backoff. */
	| 'throughput'
	/** The (number, recipient) pair limit (131056): retry that recipient after 4^X s. */
	| 'pair'
	/** The app or WABA call budget (4, 80007, 80008): wait as the usage header says. */
	| 'budget';

export interface ErrorCodeInfo {
	title: string;
	/** What the user can do about it. */
	hint: string;
	retry: RetryAdvice;
}

const codes: Record<number, ErrorCodeInfo> = {
	0: { title: 'Authentication failed', hint: 'The access token expired or was invalidated: generate a new System User token and update the credential.', retry: 'never' },
	1: { title: 'Unknown API error', hint: 'Possibly a temporary fault at Meta; check the WhatsApp Business Platform status page.', retry: 'transient' },
	2: { title: 'Service temporarily unavailable', hint: 'Meta is overloaded or in maintenance; the request can be retried.', retry: 'transient' },
	3: { title: 'Capability not available', hint: 'The app lacks this capability or permission.', retry: 'never' },
	4: { title: 'Too many API calls by the app', hint: 'The app-level call limit was reached; wait before making more calls.', retry: 'budget' },
	10: { title: 'Permission denied', hint: 'The token lacks the permission (whatsapp_business_messaging or whatsapp_business_management), or the number is not eligible.', retry: 'never' },
	17: { title: 'User request limit reached', hint: 'Wait before making more calls.', retry: 'budget' },
	32: { title: 'Page request limit reached', hint: 'Wait before making more calls.', retry: 'budget' },
	33: { title: 'Object does not exist', hint: 'Check the phone number ID, WABA ID or other ID: it is deleted, wrong, or the token cannot see it.', retry: 'never' },
	100: { title: 'Invalid parameter', hint: 'A parameter is missing, malformed or over a limit; the details say which.', retry: 'never' },
	190: { title: 'Access token invalid or expired', hint: 'Check the Access Token in the credential; System User tokens can be generated without expiry.', retry: 'never' },
	200: { title: 'Permission error', hint: 'The token lacks whatsapp_business_management or access to this object.', retry: 'never' },
	368: { title: 'Temporarily blocked for a policy violation', hint: 'The account is restricted; see WhatsApp Manager.', retry: 'never' },
	613: { title: 'Call rate limit reached', hint: 'Too many calls in a short time; wait and retry.', retry: 'budget' },
	80007: { title: 'WhatsApp Business Account rate limit reached', hint: 'The WABA used its hourly budget of management calls; wait as the usage header says.', retry: 'budget' },
	80008: { title: 'WhatsApp Business Account rate limit reached', hint: 'The WABA used its hourly budget of management calls; wait as the usage header says.', retry: 'budget' },
	130403: { title: 'Recipient blocked by the business', hint: 'Unblock the user first.', retry: 'never' },
	130429: { title: 'Throughput limit reached', hint: 'The number sends more messages per second than its throughput allows (80/s by default).', retry: 'throughput' },
	130472: { title: 'Recipient is part of a marketing experiment', hint: 'Meta withheld this marketing message; nothing to fix.', retry: 'never' },
	130497: { title: 'Country restricted', hint: 'The business cannot message users in that country.', retry: 'never' },
	131000: { title: 'Unknown error at Meta', hint: 'A transient fault; the request can be retried.', retry: 'transient' },
	131005: { title: 'Access denied', hint: 'The token lacks permission for this phone number.', retry: 'never' },
	131008: { title: 'Required parameter missing', hint: 'A required parameter is missing; the details say which.', retry: 'never' },
	131009: { title: 'Parameter value invalid', hint: 'A parameter value is not valid; the details say which.', retry: 'never' },
	131016: { title: 'Service temporarily unavailable', hint: 'A transient fault at Meta; the request can be retried.', retry: 'transient' },
	131021: { title: 'Recipient is the sender', hint: 'A number cannot message itself.', retry: 'never' },
	131026: { title: 'Message undeliverable', hint: 'The recipient is not on WhatsApp, uses an old app, or has not accepted the terms.', retry: 'never' },
	131030: { title: 'Recipient not in the allowed list', hint: 'Test numbers can only message the recipients added under API Setup.', retry: 'never' },
	131031: { title: 'Account locked', hint: 'The business account is locked; see WhatsApp Manager.', retry: 'never' },
	131042: { title: 'Payment problem', hint: 'Check the payment method of the WhatsApp Business Account.', retry: 'never' },
	131045: { title: 'Phone number not registered correctly', hint: 'Register the phone number again.', retry: 'never' },
	131047: { title: 'Outside the 24-hour customer service window', hint: 'More than 24 hours passed since the user last wrote: send an approved template instead.', retry: 'never' },
	131048: { title: 'Spam rate limit hit', hint: 'Too many messages were blocked or reported; improve quality before sending more.', retry: 'never' },
	131049: { title: 'Not delivered to protect the user experience', hint: 'Meta limits marketing messages per user; do not retry within 24 hours.', retry: 'never' },
	131050: { title: 'User stopped marketing messages', hint: 'The user opted out of marketing messages from this business.', retry: 'never' },
	131051: { title: 'Unsupported message type', hint: 'This message type is not supported.', retry: 'never' },
	131052: { title: 'Media download error', hint: 'Meta could not download the media; check the link or media ID.', retry: 'never' },
	131053: { title: 'Media upload error', hint: 'The media type or size is not supported.', retry: 'never' },
	131056: { title: 'Too many messages to this recipient', hint: 'The (business number, recipient) pair limit was hit: at most 1 message per 6 s on average, bursts up to 45.', retry: 'pair' },
	131057: { title: 'Account in maintenance', hint: 'The number is being upgraded (usually under a minute); retry shortly.', retry: 'transient' },
	132000: { title: 'Template parameter count mismatch', hint: 'Send exactly as many parameters as the template has placeholders.', retry: 'never' },
	132001: { title: 'Template does not exist', hint: 'The template name or language does not exist, or it is not approved yet.', retry: 'never' },
	132005: { title: 'Template text too long', hint: 'The text with parameters filled in exceeds the limit.', retry: 'never' },
	132007: { title: 'Template format policy violated', hint: 'The parameters violate the template policy.', retry: 'never' },
	132012: { title: 'Template parameter format mismatch', hint: 'A parameter has the wrong format for the template.', retry: 'never' },
	132015: { title: 'Template paused', hint: 'The template was paused for low quality; edit it or use another.', retry: 'never' },
	132016: { title: 'Template disabled', hint: 'The template was disabled for low quality.', retry: 'never' },
	132018: { title: 'Template parameter error', hint: 'A template parameter is not valid.', retry: 'never' },
	133004: { title: 'Server temporarily unavailable', hint: 'Retry shortly.', retry: 'transient' },
	133005: { title: 'Two-step verification PIN mismatch', hint: 'The PIN is wrong.', retry: 'never' },
	133010: { title: 'Phone number not registered', hint: 'Register the phone number (Phone Number > Register) before sending.', retry: 'never' },
	133016: { title: 'Registration limit reached', hint: 'A number can be registered or deregistered at most 10 times in 72 hours.', retry: 'never' },
	134101: { title: 'Template still syncing', hint: 'The template is syncing to the Marketing Messages API; retry in a few minutes.', retry: 'transient' },
	2388019: { title: 'Template limit reached', hint: 'The WABA has as many templates as it may hold; delete some first.', retry: 'never' },
	2388024: { title: 'Template already exists', hint: 'A template with this name and language already exists.', retry: 'never' },
};

const unknown: ErrorCodeInfo = { title: 'Graph API error', hint: 'See the error details.', retry: 'never' };

export function errorCodeInfo(code: number): ErrorCodeInfo {
	return codes[code] ?? unknown;
}
