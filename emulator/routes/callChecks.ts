import { GraphError, invalidParameter } from '../graphError';
import type { GraphEmulator } from '../server';

/**
 * The request checks of the Calling API (Meta's Calling API pages) that both the call actions and
 * the call permissions need, plus Meta's side of an SDP exchange. Apart from the routes so those
 * files read as the flow of a call; written apart from the package's checks on purpose (oracle).
 */

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Business numbers of these country codes cannot place calls (138013; Meta's Cloud API Calling overview). */
const NO_OUTBOUND = ['1', '20', '84', '234'];
export const CALL_LIMITS = { requestsPerDay: 1, requestsPerWeek: 2, connectedPerDay: 100, newCallsPerDay: 10_000, concurrent: 1_000, lookupsPerSecond: 100 };

/** User wa_id: 7 to 15 digits, `+` and separators dropped. */
export function waIdOf(value: unknown, param: string): string {
	if (typeof value !== 'string' || !value) throw invalidParameter(`The parameter ${param} is required.`);
	const digits = value.replace(/[\s\-()+]/g, '');
	if (!/^\d{7,15}$/.test(digits)) throw invalidParameter(`Invalid parameter ${param}: "${value}" is not a valid phone number.`);
	return digits;
}

/**
 * 138013 for the countries Meta lists. The emulator's own numbers are fictional +1 555 numbers,
 * treated as public test numbers so calls can be tested; any other +1 number is refused.
 */
export function checkOutboundCountry(display: string) {
	if (display.startsWith('1555')) return;
	if (NO_OUTBOUND.some((code) => display.startsWith(code)))
		throw new GraphError(138013, 'Business-initiated calling is not available', `Business-initiated calling is not available for the country of +${display}.`);
}

/** The times (UNIX ms) within the last `ms` before `now`: the counters behind the call limits. */
export const inWindow = (times: number[], now: number, ms: number) => times.filter((t) => t > now - ms);

/** An SDP as Meta's Calling reference has it: v=0 first, CRLF line ends, one audio stream, keys for the SRTP mode. */
export function checkSdp(session: unknown, sdpType: 'offer' | 'answer', sdes: boolean): string {
	if (!isObject(session)) throw invalidParameter('The parameter session is required.');
	if (session.sdp_type !== sdpType) throw invalidParameter(`Param session.sdp_type must be "${sdpType}".`);
	const sdp = session.sdp;
	const fail = (why: string) => new GraphError(100, 'Invalid parameter', `SDP Validation error: ${why}`);
	if (typeof sdp !== 'string' || !sdp) throw invalidParameter('The parameter session.sdp is required.');
	if (!/^v=0\r?\n/.test(sdp)) throw fail('the SDP must start with the line v=0.');
	if (/(^|[^\r])\n/.test(sdp) || !sdp.endsWith('\r\n')) throw fail('every line must end in \\r\\n.');
	const media = sdp.split('\r\n').filter((line) => line.startsWith('m='));
	if (media.length !== 1 || !media[0].startsWith('m=audio ')) throw fail('exactly one audio stream (m=audio) is supported.');
	if (!sdes && !/\r\na=fingerprint:/.test(sdp)) throw fail('No fingerprint found in SDP.');
	if (sdes && !/\r\na=crypto:/.test(sdp)) throw fail('No crypto line found in SDP (SDES is configured).');
	return sdp;
}

/** Recording / transcription (Meta's pages of both names): status, then purpose ≤ 250 and a language when enabled. */
export function checkCapture(body: Json, key: string) {
	const capture = body[key];
	if (capture === undefined) return;
	if (!isObject(capture)) throw invalidParameter(`Param ${key} must be an object.`);
	if (capture.status !== 'ENABLED' && capture.status !== 'DISABLED') throw invalidParameter(`Param ${key}.status must be one of {ENABLED, DISABLED}.`);
	if (capture.status !== 'ENABLED') return;
	if (typeof capture.purpose !== 'string' || !capture.purpose) throw invalidParameter(`Param ${key}.purpose is required when ${key} is enabled.`);
	if (capture.purpose.length > 250) throw invalidParameter(`Param ${key}.purpose must be at most 250 characters long (got ${capture.purpose.length}).`);
	if (typeof capture.announcement_language !== 'string' || !capture.announcement_language) throw invalidParameter(`Param ${key}.announcement_language is required when ${key} is enabled.`);
}

export function checkTracking(body: Json): string | undefined {
	const tracking = body.biz_opaque_callback_data;
	if (tracking === undefined) return undefined;
	if (typeof tracking !== 'string') throw invalidParameter('Param biz_opaque_callback_data must be a string.');
	if (tracking.length > 512) throw invalidParameter(`Param biz_opaque_callback_data must be at most 512 characters long (got ${tracking.length}).`);
	return tracking;
}

/** A synthetic SDP as Meta's side of a call sends it (ICE-lite, DTLS fingerprint, Opus). */
export function metaSdp(kind: 'offer' | 'answer') {
	return [
		'v=0',
		`o=- ${Date.now()} 2 IN IP4 157.240.0.1`,
		's=-',
		't=0 0',
		'a=ice-lite',
		'm=audio 3480 UDP/TLS/RTP/SAVPF 111',
		'c=IN IP4 157.240.0.1',
		'a=rtpmap:111 opus/48000/2',
		'a=ice-ufrag:meta',
		'a=ice-pwd:emulatedemulatedemulated',
		'a=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E',
		`a=setup:${kind === 'offer' ? 'actpass' : 'passive'}`,
		'',
	].join('\r\n');
}

/** The JSON body of a control route (`/__emulator/...`), `{}` when there is none. */
export const controlBody = (req: { body: unknown }): Json => (isObject(req.body) ? req.body : {});

/** The business number a control route acts on: `phone_number_id`, else the emulator's first number. */
export function controlNumber(emulator: GraphEmulator, body: Json): string {
	const id = typeof body.phone_number_id === 'string' ? body.phone_number_id : [...emulator.state.phoneNumbers.keys()][0];
	emulator.phoneNumber(id);
	return id;
}
