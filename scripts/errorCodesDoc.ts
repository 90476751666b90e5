import { knownErrorCodes, type RetryAdvice } from '../nodes/shared/graph/errorCodes';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** What the nodes do on their own about each kind of code (nodes/shared/pacing/retry.ts). */
const RETRIED: Record<RetryAdvice, string> = {
	never: 'no',
	transient: 'yes, up to 5 times with growing waits',
	throughput: 'yes, after the wait Meta gives, else after a short backoff',
	pair: 'yes, that recipient only, after 4^X s',
	budget: 'yes, after the wait the usage header gives, else with growing waits',
};

/** docs/error-codes.md: every Graph error code the nodes explain, with the hint they show. */
export function errorCodesMarkdown(): string {
	const lines = [
		'# Error codes',
		'',
		'Generated from `nodes/shared/graph/errorCodes.ts` (`npm run docs`); a test keeps it equal to the code.',
		'Each error the nodes raise carries the code, Meta\'s details, the hint below and the `fbtrace_id`',
		'to quote to Meta support. A code not listed here is shown with Meta\'s own details.',
		'',
		'Errors come back in two ways. When Meta refuses a request, the node fails that item or message',
		'at once. When Meta accepts a message (the node outputs its `messageId`) and cannot deliver it,',
		'the failure arrives later as a `failed` status in the WhatsApp Platform Trigger (n8n) or the',
		'WhatsApp webhook node (Node-RED): `kind: status`, `status: failed`, `errors: [{code, title, …}]`.',
		'131026, 131047, 131049, 131050 and 130472 usually arrive that way.',
		'',
		'| Code | Meaning | What to do | Retried by the nodes |',
		'|---|---|---|---|',
	];
	for (const { code, title, hint, retry } of knownErrorCodes()) lines.push(`| ${code} | ${cell(title)} | ${cell(hint)} | ${RETRIED[retry]} |`);
	lines.push('');
	return lines.join('\n');
}
