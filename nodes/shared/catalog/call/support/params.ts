import { z } from 'zod';
import { LIMITS } from '../../../validation/limits';
import { text } from '../../../validation/rules';
import { jsonOf, oneOf } from '../../support/fields';
import type { ParamSpec } from '../../types';

/** Parameters the call operations share, declared once. */

/** Said plainly above every Call operation's fields: the node is a signalling relay only. */
export const MEDIA_NOTICE =
	'The Call operations handle signalling only: the node passes SDPs through and does not handle media. Connect, Pre-Accept and Accept ' +
	'need your own WebRTC/SIP media endpoint (voice-bot platform, SBC, browser agent) that produces their SDP and takes the one Meta answers with.';

export const callIdParam: ParamSpec<string> = {
	label: 'Call ID',
	type: 'string',
	required: true,
	help: 'The call\'s ID (wacid.…), from the connect webhook or the Connect output.',
	placeholder: 'wacid.ABGGFjFVU2AfAgo6V-Hc5eCgK5Gh',
	schema: z
		.string({ invalid_type_error: 'must be a call ID' })
		.trim()
		.refine((value) => /^wacid\.[A-Za-z0-9_=+/.-]{4,}$/.test(value), { message: 'must be a WhatsApp call ID (wacid.…)' }),
};

/**
 * An RFC 8866 SDP, passed through as given except for line endings: Meta's Calling API reference
 * requires "lines ending in \r\n" and text fields in n8n and Node-RED often hold bare \n, so those
 * become \r\n and the last line gets its ending too.
 */
const sdpSchema = z
	.string({ invalid_type_error: 'must be text (an SDP)' })
	.transform((value) => value.replace(/^\s+/, '').replace(/\r?\n/g, '\r\n').replace(/\s*$/, '') + '\r\n')
	.superRefine((sdp, ctx) => {
		if (!sdp.startsWith('v=0\r\n')) ctx.addIssue({ code: 'custom', message: `must be an SDP starting with the line v=0, got "${sdp.slice(0, 20).trim()}…"` });
		else if (!/\r\nm=audio /.test(sdp)) ctx.addIssue({ code: 'custom', message: 'must describe one audio stream (an m=audio line)' });
	});

export const sdpParam = (role: 'offer' | 'answer'): ParamSpec<string> => ({
	label: role === 'offer' ? 'SDP Offer' : 'SDP Answer',
	type: 'text',
	required: true,
	help:
		role === 'offer'
			? 'The SDP offer of your media endpoint, passed through unchanged (bare line ends become \\r\\n). Meta\'s SDP answer arrives in the connect webhook.'
			: 'The SDP answer of your media endpoint to the offer in the connect webhook, passed through unchanged (bare line ends become \\r\\n).',
	placeholder: 'v=0\\r\\no=- 3626166318745852955 2 IN IP4 127.0.0.1\\r\\n…',
	schema: sdpSchema,
});

export const callTrackingParam: ParamSpec<string | undefined> = {
	label: 'Tracking Data',
	type: 'string',
	help: `Optional: any string up to ${LIMITS.bizOpaqueCallbackData} characters, sent back in this call's status and terminate webhooks (biz_opaque_callback_data).`,
	placeholder: 'ticket-4711',
	schema: text(1, LIMITS.bizOpaqueCallbackData).optional(),
};

export interface CaptureSetting {
	status: 'ENABLED' | 'DISABLED';
	purpose?: string;
	announcement_language?: string;
}

/** Recording or transcription of one call: Meta announces it to both sides, then captures. */
const captureSchema = jsonOf(
	z
		.object(
			{
				status: oneOf(['ENABLED', 'DISABLED'] as const),
				purpose: text(1, LIMITS.callPurpose).optional(),
				announcement_language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as en_US').optional(),
			},
			{ invalid_type_error: 'must be a JSON object' },
		)
		.strict()
		.superRefine((value, ctx) => {
			if (value.status !== 'ENABLED') return;
			for (const key of ['purpose', 'announcement_language'] as const) {
				if (!value[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when status is ENABLED' });
			}
		}),
).optional() as z.ZodType<CaptureSetting | undefined, z.ZodTypeDef, unknown>;

export const captureParam = (what: 'Recording' | 'Transcription'): ParamSpec<CaptureSetting | undefined> => ({
	label: what,
	type: 'json',
	help: `Optional: ${what.toLowerCase()} of this call by Meta, as JSON {"status": "ENABLED", "purpose": "…" (up to ${LIMITS.callPurpose} characters), "announcement_language": "en_US"}. Both sides hear a consent announcement; it is billed separately.`,
	placeholder: '{"status": "ENABLED", "purpose": "Quality assurance", "announcement_language": "en_US"}',
	schema: captureSchema,
});

/** The body of `POST /{phone-number-id}/calls` for one action (Meta's Business-initiated and User-initiated calls pages). */
export function callAction(phoneNumberId: string, body: Record<string, unknown>) {
	return { method: 'POST' as const, path: `${phoneNumberId}/calls`, body: { messaging_product: 'whatsapp', ...body } };
}
