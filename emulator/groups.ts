import { randomBytes, randomInt } from 'node:crypto';
import { GraphError } from './graphError';

/** A participant as Get Group lists it; `user_id` only when the user has a BSUID. */
export interface GroupParticipant {
	wa_id: string;
	user_id?: string;
}

export interface JoinRequest {
	join_request_id: string;
	wa_id: string;
	creation_timestamp: number;
}

/** A group as the emulated platform holds it (Meta's Groups API pages). */
export interface Group {
	id: string;
	phoneNumberId: string;
	subject: string;
	description?: string;
	join_approval_mode: 'auto_approve' | 'approval_required';
	suspended: boolean;
	creation_timestamp: number;
	participants: GroupParticipant[];
	/** Users the business removed: they cannot rejoin by link. */
	removed: Set<string>;
	joinRequests: JoinRequest[];
	inviteLink: string;
	picture?: { sha256: string; bytes: number };
}

/** The limits of Meta's Group management page, in one place for the routes and the tests. */
export const GROUP_LIMITS = { participants: 8, removeMax: 8, groupsPerNumber: 10_000, subject: 128, description: 2048, pageMax: 1024, pictureBytes: 5 * 1024 * 1024, pictureMinPx: 192 };

/** Group errors of Meta's Groups API error codes page, with Meta's HTTP statuses. */
export const groupError = {
	unknown: (id: string) => new GraphError(131041, 'Group not found', `Group ${id} does not exist or the business is not a participant.`),
	noParticipants: (id: string) => new GraphError(131020, 'Group has no participants', `Group ${id} has no participants besides the business.`),
	duplicate: (user: string) => new GraphError(131202, 'Duplicate participant', `Participant ${user} appears more than once.`),
	full: () => new GraphError(131204, 'Participant limit exceeded', `A group holds at most ${GROUP_LIMITS.participants} participants.`),
	suspended: (id: string) => new GraphError(131207, 'Group suspended', `Group ${id} is suspended for a policy violation.`, 403),
	notSquare: () => new GraphError(131209, 'Profile picture not square', 'The group profile picture must be square.'),
	tooSmall: () => new GraphError(131210, 'Profile picture too small', `The group profile picture must be at least ${GROUP_LIMITS.pictureMinPx} x ${GROUP_LIMITS.pictureMinPx} pixels.`),
	creationLimit: () => new GraphError(131211, 'Group creation limit reached', `A business number can create at most ${GROUP_LIMITS.groupsPerNumber} groups.`),
	notParticipant: (user: string) => new GraphError(131212, 'User is not a participant', `User ${user} is not a participant of the group.`),
	unknownJoinRequest: (id: string) => new GraphError(131213, 'Join request does not exist', `Join request ${id} does not exist.`),
};

/** The groups of the emulated account, and the counters Meta keeps per number. */
export class GroupStore {
	readonly groups = new Map<string, Group>();
	/** Groups each number created, deleted ones included (the 10,000 limit counts creations). */
	readonly created = new Map<string, number>();

	reset() {
		this.groups.clear();
		this.created.clear();
	}

	/** An opaque id in the shape Meta's ids have: base64url of `capi_group:<number>:<n>`, no padding. */
	newId(phoneNumberId: string): string {
		return Buffer.from(`capi_group:${phoneNumberId}:${randomInt(1e9, 1e10)}${randomInt(1e5, 1e6)}`).toString('base64url');
	}

	newInviteLink(): string {
		return `https://chat.whatsapp.com/${randomBytes(16).toString('base64url').slice(0, 22)}`;
	}

	newRequestId(): string {
		return randomBytes(16).toString('hex');
	}

	/** A live group of this number, or 131041; `action` also refuses a suspended group (131207). */
	of(id: string, phoneNumberId?: string, action = true): Group {
		const group = this.groups.get(id);
		if (!group || (phoneNumberId && group.phoneNumberId !== phoneNumberId)) throw groupError.unknown(id);
		if (action && group.suspended) throw groupError.suspended(id);
		return group;
	}
}
