/**
 * What each Graph error code means for a user, and whether a retry can help.
 * Source: Meta's Error codes page, Groups API error codes and Troubleshoot calling errors.
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
	613: { title: 'Call rate limit reached', hint: 'Too many API calls in a short time (call permission lookups: at most 100 per second per number); wait and retry.', retry: 'budget' },
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
	131051: { title: 'Unsupported message type', hint: 'This message type is not supported here; a group takes only text, media and non-authentication templates.', retry: 'never' },
	131052: { title: 'Media download error', hint: 'Meta could not download the media; check the link or media ID.', retry: 'never' },
	131053: { title: 'Media upload error', hint: 'The media type or size is not supported.', retry: 'never' },
	131056: { title: 'Too many messages to this recipient', hint: 'The (business number, recipient) pair limit was hit: at most 1 message per 6 s on average, bursts up to 45.', retry: 'pair' },
	131057: { title: 'Account in maintenance', hint: 'The number is being upgraded (usually under a minute); retry shortly.', retry: 'transient' },
	// Groups (Meta's Groups API error codes)
	130501: { title: 'Message type not supported in groups', hint: 'A participant sent a message type the API cannot show (webhook only).', retry: 'never' },
	131020: { title: 'Group has no participants', hint: 'Only the business is in the group: wait until a user joins through the invite link (a group_participants_update webhook).', retry: 'never' },
	131041: { title: 'Group not found', hint: 'The group ID is unknown, the group was deleted, or this number is not its admin; check the ID from the group_create webhook.', retry: 'never' },
	131059: { title: 'Paging cursor expired', hint: 'The list cursor is expired or corrupt; start the list again from the first page.', retry: 'never' },
	131201: { title: 'Request partly succeeded', hint: 'Some items failed: see the failed items and their errors, and retry only those.', retry: 'never' },
	131202: { title: 'Duplicate participant', hint: 'The same participant appears twice in the list; give each once.', retry: 'never' },
	131203: { title: 'User cannot be added', hint: 'The user has not accepted WhatsApp\'s current Terms of Service.', retry: 'never' },
	131204: { title: 'Participant limit reached', hint: 'A group holds at most 8 participants besides the business; remove someone first.', retry: 'never' },
	131207: { title: 'Group suspended', hint: 'The group was suspended for a policy violation; wait for the group_suspend_cleared webhook.', retry: 'never' },
	131208: { title: 'Too many group operations', hint: 'This number made too many group calls in a short time; slow down and retry with backoff.', retry: 'transient' },
	131209: { title: 'Group picture not square', hint: 'Crop the JPEG to a square image.', retry: 'never' },
	131210: { title: 'Group picture too small', hint: 'The JPEG must be at least 192 × 192 pixels.', retry: 'never' },
	131211: { title: 'Group creation limit reached', hint: 'This number created its 10,000 groups; delete unused groups or use another number.', retry: 'never' },
	131212: { title: 'User is not a participant', hint: 'The user is not in this group (already removed or never joined).', retry: 'never' },
	131213: { title: 'Join request not found', hint: 'The join request does not exist: it was already handled or revoked; list the join requests again.', retry: 'never' },
	131214: { title: 'Group creation temporarily disabled', hint: 'The WABA sent too many marketing messages inside customer service windows in the past 7 days; try again later.', retry: 'never' },
	131215: { title: 'Number not eligible for groups', hint: 'Groups need an Official Business Account on Cloud API (not a Business app or Multi-solution number).', retry: 'never' },
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
	134100: { title: 'Only marketing messages supported', hint: 'The Marketing Messages API sends MARKETING templates only: send other templates with Send Template (or turn on its Cloud API fallback).', retry: 'never' },
	134101: { title: 'Template still syncing', hint: 'The template is syncing to the Marketing Messages API; retry in a few minutes.', retry: 'transient' },
	134102: { title: 'Template unavailable for the Marketing Messages API', hint: 'The template\'s ad sync failed or the WABA or template is not eligible: send it with Send Template (or turn on the Cloud API fallback).', retry: 'never' },
	// Calling (Meta's Troubleshoot calling errors)
	131044: { title: 'No valid payment method', hint: 'Calls need a valid payment method on the WhatsApp Business Account; add one in WhatsApp Manager.', retry: 'never' },
	131055: { title: 'Method not allowed', hint: 'SIP is enabled on this number: calls are handled by your SIP server, not by call actions (or this feature is not available to the number).', retry: 'never' },
	138000: { title: 'Calling not enabled', hint: 'Enable calling on the number first (Call > Update Settings, Calling: Enabled).', retry: 'never' },
	138001: { title: 'User cannot be called', hint: 'The user is not on WhatsApp, has not accepted the terms, or uses an app that cannot take calls.', retry: 'never' },
	138002: { title: 'Too many concurrent calls', hint: 'The number has 1,000 calls at once; retry when some have ended.', retry: 'transient' },
	138003: { title: 'Call already ongoing with this user', hint: 'Only one call per user at a time; retry after it ends.', retry: 'never' },
	138004: { title: 'Connection error', hint: 'A transient fault while setting up the call; retry.', retry: 'transient' },
	138005: { title: 'Call limit of the number reached', hint: 'At most 10,000 business-initiated calls per number per 24 hours; retry later.', retry: 'never' },
	138006: { title: 'No call permission', hint: 'The user has not approved calls from this business: request a permission first (Call > Request Permission).', retry: 'never' },
	138007: { title: 'Call connect timeout', hint: 'The SDP answer of the connect webhook was not applied to the media endpoint in time.', retry: 'never' },
	138009: { title: 'Permission request limit reached', hint: 'At most 1 request per user per 24 hours and 2 per 7 days; a connected call resets both. Retry after the window.', retry: 'never' },
	138012: { title: 'Connected call limit for this user reached', hint: 'At most 100 connected business-initiated calls per user per 24 hours; the details say when the next call is allowed.', retry: 'never' },
	138013: { title: 'Business-initiated calling not available', hint: 'Numbers with the country codes of the US, Canada, Egypt, Vietnam and Nigeria cannot place calls or request call permissions.', retry: 'never' },
	138014: { title: 'Calling temporarily disabled for low quality', hint: 'Users blocked or reported the calls; business-initiated calling is paused for 7 days. Retry after the restriction expires.', retry: 'never' },
	138015: { title: 'Calling cannot be enabled', hint: 'Calling needs a messaging limit of at least 2,000 business-initiated conversations.', retry: 'never' },
	138017: { title: 'Permanent call permission already granted', hint: 'The user allows calls permanently: no request is needed; call directly.', retry: 'never' },
	138018: { title: 'Calling prerequisites missing', hint: 'Subscribe an app to the calls webhook field of the WABA, or configure SIP, before enabling calling.', retry: 'never' },
	138019: { title: 'Call setup failed on the user\'s phone', hint: 'The user\'s app could not set up the call; retry.', retry: 'transient' },
	138020: { title: 'Relay connection failed', hint: 'The media relay could not connect; retry.', retry: 'transient' },
	138021: { title: 'No media received', hint: 'The user\'s app received no media for too long: check that your media endpoint sends the first SRTP packet and keeps sending RTCP.', retry: 'never' },
	138022: { title: 'User could not send media', hint: 'The user\'s app could not transmit media; retry.', retry: 'transient' },
	138023: { title: 'Call ended without media', hint: 'The call was accepted but no media flowed; check the media endpoint and retry.', retry: 'transient' },
	2388019: { title: 'Template limit reached', hint: 'The WABA has as many templates as it may hold; delete some first.', retry: 'never' },
	2388024: { title: 'Template already exists', hint: 'A template with this name and language already exists.', retry: 'never' },
};

const unknown: ErrorCodeInfo = { title: 'Graph API error', hint: 'See the error details.', retry: 'never' };

export function errorCodeInfo(code: number): ErrorCodeInfo {
	return codes[code] ?? unknown;
}

/** Every code with its meaning, in code order (docs/error-codes.md is generated from it). */
export function knownErrorCodes(): Array<ErrorCodeInfo & { code: number }> {
	return Object.entries(codes)
		.map(([code, info]) => ({ code: Number(code), ...info }))
		.sort((a, b) => a.code - b.code);
}
