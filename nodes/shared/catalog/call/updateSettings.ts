import { z } from 'zod';
import { ValidationError } from '../../graph/errors';
import { listOf, oneOf, options } from '../support/fields';
import { phoneNumberParam } from '../support/managementParams';
import { succeeded } from '../support/outputs';
import { defineOperation, type ParamSpec } from '../types';
import { callHoursSchema, checkHolidays, sipSchema, voicemailSchema, type CallHours, type Sip, type Voicemail } from './support/settingsSchemas';

type OnOff = 'ENABLED' | 'DISABLED';

interface UpdateSettingsParams {
	phoneNumberId: string;
	status?: OnOff;
	callIconVisibility?: string;
	restrictToUserCountries?: string[];
	callHours?: CallHours;
	callbackPermissionStatus?: OnOff;
	srtpKeyExchangeProtocol?: 'DTLS' | 'SDES';
	additionalCodecs?: Array<'PCMA' | 'PCMU'>;
	voicemail?: Voicemail;
	sip?: Sip;
}

const unchanged = { value: '', label: 'Unchanged' };
const onOffParam = (label: string, help: string): ParamSpec<OnOff | undefined> => ({
	label,
	type: 'options',
	default: '',
	options: [unchanged, ...options(['ENABLED', 'DISABLED'])],
	help,
	schema: oneOf(['ENABLED', 'DISABLED'] as const).optional(),
});

/** A list where "none" (or an empty array from msg.payload) says "clear it", unlike an empty field (unchanged). */
const clearableList = <T extends string>(item: z.ZodType<T, z.ZodTypeDef, unknown>) =>
	z
		.union([z.literal('none'), z.literal('[]'), z.string(), z.array(z.unknown())])
		.transform((value) => (value === 'none' || value === '[]' ? [] : value))
		.pipe(listOf(item))
		.optional();

const country = z
	.string()
	.transform((code) => code.toUpperCase())
	.refine((code) => /^[A-Z]{2}$/.test(code), (code) => ({ message: `"${code}" is not a two-letter ISO country code such as US or BR` }));

export const updateCallSettings = defineOperation<UpdateSettingsParams>({
	operation: 'updateSettings',
	label: 'Update Settings',
	action: 'Update the calling settings',
	help: 'Changes only the settings given; empty fields stay as they are. Users\' apps may take up to 7 days to show changes; Meta enforces them at once.',
	notice: 'Enabling calling needs an app subscribed to the calls webhook field (or SIP), else 138018, and a messaging limit of at least 2,000 (else 138015).',
	params: {
		phoneNumberId: phoneNumberParam,
		status: onOffParam('Calling', 'Whether users see the call button in the chat and the business profile.'),
		callIconVisibility: {
			label: 'Call Icon Visibility',
			type: 'options',
			default: '',
			options: [
				unchanged,
				{ value: 'DEFAULT', label: 'Default', help: 'The call icon in the chat bar and business info.' },
				{ value: 'DISABLE_ALL', label: 'Disable All', help: 'Hides the icon and other unsolicited entry points; users can still call back from call history and call buttons.' },
			],
			help: 'Where users see the call icon. Other values Meta may add are passed through.',
			schema: z.string().regex(/^[A-Z_]+$/, 'must be DEFAULT, DISABLE_ALL or another upper-case value of Meta').optional(),
		},
		restrictToUserCountries: {
			label: 'Restrict to User Countries',
			type: 'string',
			help: 'Optional: show the call icon only to users whose phone number is from these countries (ISO codes, comma-separated). Type none to remove the restriction.',
			placeholder: 'US, BR',
			schema: clearableList(country),
		},
		callHours: {
			label: 'Call Hours',
			type: 'json',
			help: 'Optional: when users can call, as JSON: status, timezone_id, weekly_operating_hours (up to 2 ranges per day, "HHMM" times) and holiday_schedule (up to 20 dates, none in the past). Replaces the whole schedule.',
			placeholder: '{"status": "ENABLED", "timezone_id": "America/Manaus", "weekly_operating_hours": [{"day_of_week": "MONDAY", "open_time": "0900", "close_time": "1700"}]}',
			schema: callHoursSchema,
		},
		callbackPermissionStatus: onOffParam('Callback Permission', 'Whether a user who calls is asked to allow calls back from the business.'),
		srtpKeyExchangeProtocol: {
			label: 'SRTP Key Exchange',
			type: 'options',
			default: '',
			options: [unchanged, { value: 'DTLS', label: 'DTLS (Default)' }, { value: 'SDES', label: 'SDES (Key in the SDP, Faster Setup)' }],
			help: 'How the media endpoint and Meta agree on the SRTP keys.',
			schema: oneOf(['DTLS', 'SDES'] as const).optional(),
		},
		additionalCodecs: {
			label: 'Additional Codecs',
			type: 'string',
			help: 'Optional: G.711 codecs besides Opus (PCMA, PCMU), comma-separated. Type none to turn them off.',
			placeholder: 'PCMA, PCMU',
			schema: clearableList(oneOf(['PCMA', 'PCMU'] as const)),
		},
		voicemail: {
			label: 'Voicemail',
			type: 'json',
			help: 'Optional: voicemail run by Meta, as JSON: status, triggers (REJECT, TIMEOUT) and audio.default {announcement_media_id, timeout_seconds 0 to 30, required for TIMEOUT}.',
			placeholder: '{"status": "ENABLED", "triggers": ["TIMEOUT"], "audio": {"default": {"timeout_seconds": 20}}}',
			schema: voicemailSchema,
		},
		sip: {
			label: 'SIP',
			type: 'json',
			help: 'Optional: SIP signalling, as JSON: status, webhook_delivery and servers (at most 1: hostname, port, request_uri_user_params). While SIP is enabled, the call actions of this node are refused (131055).',
			placeholder: '{"status": "ENABLED", "servers": [{"hostname": "sip.example.com", "port": 5061}]}',
			schema: sipSchema,
		},
	},
	pacing: { kind: 'none' },
	check: (params, now) => {
		const fields = Object.entries(params).filter(([name]) => name !== 'phoneNumberId');
		if (fields.every(([, value]) => value === undefined)) throw new ValidationError('Calling settings', 'need at least one setting to change');
		checkHolidays(params.callHours, now, 'Call Hours (callHours)');
	},
	request: (params) => {
		const calling = {
			status: params.status,
			call_icon_visibility: params.callIconVisibility,
			...(params.restrictToUserCountries ? { call_icons: { restrict_to_user_countries: params.restrictToUserCountries } } : {}),
			call_hours: params.callHours,
			callback_permission_status: params.callbackPermissionStatus,
			srtp_key_exchange_protocol: params.srtpKeyExchangeProtocol,
			...(params.additionalCodecs ? { audio: { additional_codecs: params.additionalCodecs } } : {}),
			voicemail: params.voicemail,
			sip: params.sip,
		};
		// Only what changes: Meta leaves absent keys as they are.
		const body = { calling: Object.fromEntries(Object.entries(calling).filter(([, value]) => value !== undefined)) };
		return { method: 'POST', path: `${params.phoneNumberId}/settings`, body };
	},
	output: succeeded({ updated: true }),
});
