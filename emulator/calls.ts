import { randomBytes } from 'node:crypto';

/** What the emulated platform knows about calling (Meta's Calling API pages): settings, permissions, calls. */

type Json = Record<string, unknown>;

export type PermissionStatus = 'no_permission' | 'temporary' | 'permanent';

/** One (business number, user) pair: the user's permission and the counters Meta limits. */
export interface CallPermission {
	status: PermissionStatus;
	/** UNIX ms when a temporary permission lapses (7 days after approval). */
	expiresAt?: number;
	/** When permission requests were sent (UNIX ms): 1 per 24 h, 2 per 7 days. */
	requests: number[];
	/** When business-initiated calls to the user connected (UNIX ms): 100 per 24 h. */
	connected: number[];
}

export type CallDirection = 'USER_INITIATED' | 'BUSINESS_INITIATED';

export interface EmulatedCall {
	id: string;
	phoneNumberId: string;
	/** The user's wa_id. */
	waId: string;
	direction: CallDirection;
	state: 'ringing' | 'pre_accepted' | 'accepted' | 'ended';
	/** The SDP offer: the business's on connect, Meta's on an incoming call. */
	offer: string;
	/** The SDP answer: Meta's on connect, the business's on pre_accept / accept. */
	answer?: string;
	tracking?: string;
	ctaPayload?: string;
	deeplinkPayload?: string;
	startedAt: number;
	answeredAt?: number;
	endedAt?: number;
	status?: 'COMPLETED' | 'FAILED';
}

export const DAY_MS = 86_400_000;
export const PERMISSION_DAYS = 7;

/** A calling object as a fresh number has it: calling is off by default (Meta's Cloud API Calling overview). */
const defaultCalling = (): Json => ({
	status: 'DISABLED',
	call_icon_visibility: 'DEFAULT',
	callback_permission_status: 'DISABLED',
	sip: { status: 'DISABLED' },
});

export const newCallId = () => `wacid.${randomBytes(24).toString('base64url')}`;

export class CallsState {
	/** The `calling` settings per phone number id. */
	readonly settings = new Map<string, Json>();
	readonly permissions = new Map<string, CallPermission>();
	readonly calls = new Map<string, EmulatedCall>();
	/** Permission lookups per phone number (UNIX ms), for the 100/s limit. */
	readonly lookups = new Map<string, number[]>();
	/** What the emulated user does when the business calls: pick up, decline, or let it ring. */
	userResponse: 'accept' | 'reject' | 'ring' = 'accept';
	/** The SIP password Meta generates for a number with a SIP server (GET with include_sip_credentials). */
	readonly sipPassword = 'emulated-sip-password';

	reset() {
		this.settings.clear();
		this.permissions.clear();
		this.calls.clear();
		this.lookups.clear();
		this.userResponse = 'accept';
	}

	calling(phoneNumberId: string): Json {
		let calling = this.settings.get(phoneNumberId);
		if (!calling) this.settings.set(phoneNumberId, (calling = defaultCalling()));
		return calling;
	}

	/** The pair's state now; a temporary permission past its 7 days is gone, as Meta forgets it. */
	permission(phoneNumberId: string, waId: string, now: number): CallPermission {
		const key = `${phoneNumberId}:${waId}`;
		let permission = this.permissions.get(key);
		if (!permission) this.permissions.set(key, (permission = { status: 'no_permission', requests: [], connected: [] }));
		if (permission.status === 'temporary' && (permission.expiresAt ?? 0) <= now) {
			permission.status = 'no_permission';
			permission.expiresAt = undefined;
		}
		return permission;
	}

	/** Calls of this number not yet ended. */
	ongoing(phoneNumberId: string): EmulatedCall[] {
		return [...this.calls.values()].filter((call) => call.phoneNumberId === phoneNumberId && call.state !== 'ended');
	}
}
